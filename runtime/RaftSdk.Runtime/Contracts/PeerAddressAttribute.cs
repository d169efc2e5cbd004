using System;

namespace RaftSdk;

/// <summary>
/// Marks a string property of a response message that is not on the wire: the generated client
/// fills it with the peer address it called (as the Go original fills <c>VoteResponse.NodeAddress</c>).
/// The message must be a record.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class PeerAddressAttribute : Attribute
{
}
