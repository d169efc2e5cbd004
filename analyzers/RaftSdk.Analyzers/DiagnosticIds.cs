namespace RaftSdk.Analyzers;

/// <summary>
/// The ids of the RaftSdk analyzers. The SDK's source generator owns RAFT001–RAFT099; the analyzers
/// own RAFT100–RAFT199. An id is never reused once shipped (AnalyzerReleases.Shipped.md).
/// </summary>
public static class DiagnosticIds
{
    /// <summary>A peer call on a communication object before SetRaft was called on it.</summary>
    public const string UseBeforeSetRaft = "RAFT101";

    /// <summary>A communication object used after Close, Dispose or DisposeAsync in the same method.</summary>
    public const string UseAfterClose = "RAFT102";

    /// <summary>A constant peer address with a scheme, a path or no port.</summary>
    public const string PeerAddressLiteral = "RAFT103";

    /// <summary>Secure mode started with a constant null or empty key, certificate or CA path.</summary>
    public const string SecureModeEmptyPath = "RAFT104";

    /// <summary>The Task of a peer call neither awaited, stored nor returned.</summary>
    public const string DiscardedCallResult = "RAFT105";

    /// <summary>A blocking wait inside a method that implements a Raft contract member.</summary>
    public const string BlockingInRaftImplementation = "RAFT106";
}
