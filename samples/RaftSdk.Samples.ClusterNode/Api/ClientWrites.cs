using System;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent;
using RaftSdk.Samples.ClusterNode.Consensus;
using RaftSdk.Samples.ClusterNode.StateMachine;

namespace RaftSdk.Samples.ClusterNode.Api;

/// <summary>
/// A person's write, on whichever node it reached: the leader proposes it itself, a follower
/// forwards it to the leader with Propose. Answered only once committed; every failure says
/// whether the write may still commit.
/// </summary>
internal sealed class ClientWrites
{
    private readonly RaftNode _node;
    private readonly ICommunication _communication;
    private readonly TimeSpan _timeout;

    public ClientWrites(RaftNode node, ICommunication communication, TimeSpan timeout)
    {
        _node = node;
        _communication = communication;
        _timeout = timeout;
    }

    /// <summary>Writes <paramref name="key"/>; with a <paramref name="session"/>, once per client and seq however often it is retried.</summary>
    public async Task<WriteOutcome> WriteAsync(string key, string value, ClientSession? session, CancellationToken cancellationToken)
    {
        Entry entry = Command.Write(key, value, session);
        (bool isLeader, string? leaderAddress) = await _node.FindLeaderAsync().ConfigureAwait(false);
        if (!isLeader && leaderAddress is null)
        {
            return WriteOutcome.Unavailable("No leader is known yet (an election is under way); nothing was written. Retry shortly.");
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_timeout);
        try
        {
            ProposalResponse response = isLeader
                ? await _node.ProposeAsync(entry, limit.Token).ConfigureAwait(false)
                : await _communication.ProposeAsync(leaderAddress!, entry, limit.Token).ConfigureAwait(false);
            return Interpret(response, leaderAddress);
        }
        catch (NotLeaderException exception)
        {
            return WriteOutcome.Unavailable(exception.Message);
        }
        catch (RaftStatusException exception)
        {
            return WriteOutcome.Unavailable($"The leader at {leaderAddress} did not take the write: {exception.Message}");
        }
        catch (RaftTransportException exception)
        {
            return WriteOutcome.Unavailable($"The leader at {leaderAddress} could not be reached: {exception.Message}; the write may or may not commit.");
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return WriteOutcome.TimedOut($"Not committed within {_timeout.TotalMilliseconds} ms; the write may still commit.");
        }
    }

    private static WriteOutcome Interpret(ProposalResponse response, string? leaderAddress)
    {
        if (string.IsNullOrEmpty(response.Error))
        {
            return WriteOutcome.Committed(response.NewIndex);
        }

        if (response.Error == ProposalAnswers.Duplicate)
        {
            return WriteOutcome.AppliedBefore(response.NewIndex);
        }

        return response.Error.StartsWith(ProposalAnswers.StalePrefix, StringComparison.Ordinal)
            ? WriteOutcome.Stale(response.Error[ProposalAnswers.StalePrefix.Length..])
            : WriteOutcome.Unavailable($"The leader{(leaderAddress is null ? string.Empty : " at " + leaderAddress)} did not take the write: {response.Error}");
    }
}

/// <summary>Committed at an index (now, or before: a duplicate), or not acknowledged (with the reason).</summary>
internal sealed record WriteOutcome(ulong Index, bool Duplicate, int StatusCode, string? Error)
{
    public static WriteOutcome Committed(ulong index) => new(index, false, 200, null);

    public static WriteOutcome AppliedBefore(ulong originalIndex) => new(originalIndex, true, 200, null);

    public static WriteOutcome Stale(string error) => new(0, false, 409, error);

    public static WriteOutcome Unavailable(string error) => new(0, false, 503, error);

    public static WriteOutcome TimedOut(string error) => new(0, false, 504, error);
}
