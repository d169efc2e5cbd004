using System;
using System.IO;

namespace RaftSdk.Samples.ClusterNode.Storage;

/// <summary>
/// A node whose disk fails stops at once (fail-stop). Carrying on would be worse: its memory
/// would hold entries or a vote that are not on disk, and a later answer could vouch for them.
/// The process ends without running shutdown code, as in a crash; a restart reads what the disk has.
/// </summary>
internal static class StorageFailure
{
    public static void Stop(string what, IOException exception)
    {
        string message = $"Storage failed while {what}: {exception.Message}. Stopping the node: it must not answer for state that is not on disk.";
        Console.Error.WriteLine(message);
        Environment.FailFast(message, exception);
    }
}
