namespace RaftSdk.Analyzers.Shared;

/// <summary>What a call on a communication object does, as far as the lifecycle rules care.</summary>
internal enum CommunicationMemberKind
{
    /// <summary>Not a member of ICommunication (or of what it inherits).</summary>
    None,

    /// <summary><c>SetRaft</c>: wires up the Raft implementation.</summary>
    SetRaft,

    /// <summary>A call to a peer: a method whose first parameter is the peer's <c>string address</c>.</summary>
    PeerCall,

    /// <summary><c>Close</c>, <c>Dispose</c> or <c>DisposeAsync</c>.</summary>
    Close,

    /// <summary>Any other member, such as <c>Port</c>.</summary>
    Other,
}
