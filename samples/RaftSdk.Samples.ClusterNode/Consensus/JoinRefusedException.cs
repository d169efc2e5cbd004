using System;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>A follower answered a Join batch with an error text (changeagent answers Join errors with status 200).</summary>
internal sealed class JoinRefusedException : Exception
{
    public JoinRefusedException(string message)
        : base(message)
    {
    }
}
