using System;

namespace RaftSdk.Samples.ClusterNode.Hosting;

/// <summary>A setting is missing or malformed; the message names it.</summary>
internal sealed class SettingsException : Exception
{
    public SettingsException(string message)
        : base(message)
    {
    }
}
