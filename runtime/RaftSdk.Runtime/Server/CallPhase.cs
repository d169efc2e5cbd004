namespace RaftSdk.Server;

/// <summary>Where a call was when it failed: it decides whose fault an exception is.</summary>
internal enum CallPhase
{
    /// <summary>Reading and decoding the request: a failure is the client's (4xx) unless it is ours.</summary>
    Reading,

    /// <summary>In the service: its exception answers the route's error status.</summary>
    Invoking,

    /// <summary>Writing the answer: a failure is ours (500).</summary>
    Writing,
}
