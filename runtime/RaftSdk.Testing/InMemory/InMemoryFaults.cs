using System;

namespace RaftSdk.Testing;

/// <summary>
/// What goes wrong on a link between two in-memory nodes. Probabilities draw from the network's
/// seeded random source, so a failing test replays with the same seed.
/// </summary>
public sealed record InMemoryFaults
{
    /// <summary>No faults.</summary>
    public static readonly InMemoryFaults None = new();

    /// <summary>The chance (0 to 1) that a request is lost on the way: the receiver never sees it and the caller times out.</summary>
    public double DropRequestProbability { get; init; }

    /// <summary>
    /// The chance (0 to 1) that the answer is lost on the way back: the receiver did the work,
    /// the caller times out (the case a Raft implementation gets wrong most often).
    /// </summary>
    public double DropResponseProbability { get; init; }

    /// <summary>A fixed delay before each request is delivered.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>A random extra delay, uniform in [0, Jitter), per request: concurrent calls overtake each other.</summary>
    public TimeSpan Jitter { get; init; }

    internal void Validate()
    {
        if (DropRequestProbability is < 0 or > 1 || double.IsNaN(DropRequestProbability))
        {
            throw new ArgumentOutOfRangeException(nameof(DropRequestProbability), DropRequestProbability, "A probability is between 0 and 1.");
        }

        if (DropResponseProbability is < 0 or > 1 || double.IsNaN(DropResponseProbability))
        {
            throw new ArgumentOutOfRangeException(nameof(DropResponseProbability), DropResponseProbability, "A probability is between 0 and 1.");
        }

        if (Delay < TimeSpan.Zero || Jitter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Delay), "Delays cannot be negative.");
        }
    }
}

/// <summary>The order in which <see cref="InMemoryNetwork.Resume"/> delivers calls held on a paused link.</summary>
public enum InMemoryDelivery
{
    /// <summary>In the order they were sent.</summary>
    InOrder,

    /// <summary>Last sent, first delivered.</summary>
    Reversed,

    /// <summary>Shuffled with the network's seeded random source.</summary>
    Shuffled,
}
