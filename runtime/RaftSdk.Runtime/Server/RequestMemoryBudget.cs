using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Server;

/// <summary>
/// Bytes that requests in flight may hold, shared by every call of one endpoint: a call takes
/// its share before allocating and gives it back when answered, so a flood of large or
/// amplifying bodies is refused (503) instead of being buffered.
/// <para>
/// Admission is in turn: a call that does not fit waits (up to
/// <see cref="RaftServerOptions.BudgetWait"/>, holding nothing) in a first-come queue, and each
/// give hands the freed bytes to the waiters in arrival order before anyone new can take them.
/// Without the queue a flood from a few connections kept the budget full and whoever asked at
/// the wrong moment was refused: a real peer's 8 MiB appends got 27 times 503 in 27. With it,
/// each connection's large call (HTTP/1.1 carries one at a time) gets its turn behind at most
/// one call of every other connection. A waiter that does not fit is passed over, so small
/// calls (heartbeats) are not held behind a large one.
/// </para>
/// </summary>
internal sealed class RequestMemoryBudget
{
    private readonly long _capacity;
    private readonly object _queueLock = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private long _used;
    private int _waiting;

    public RequestMemoryBudget(long capacity) => _capacity = capacity;

    public long Capacity => _capacity;

    /// <summary>The bytes currently taken.</summary>
    public long Used => Volatile.Read(ref _used);

    public bool TryTake(long bytes)
    {
        if (bytes <= 0)
        {
            return true;
        }

        long used = Volatile.Read(ref _used);
        while (true)
        {
            long next = used + bytes;
            if (next > _capacity)
            {
                return false;
            }

            long seen = Interlocked.CompareExchange(ref _used, next, used);
            if (seen == used)
            {
                return true;
            }

            used = seen;
        }
    }

    /// <summary>Takes <paramref name="bytes"/> now, or waits its turn for up to <paramref name="wait"/>; false when it did not get them.</summary>
    public ValueTask<bool> TakeAsync(long bytes, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (TryTake(bytes))
        {
            return ValueTask.FromResult(true);
        }

        if (bytes > _capacity || wait <= TimeSpan.Zero)
        {
            return ValueTask.FromResult(false);
        }

        var waiter = new Waiter(bytes);
        lock (_queueLock)
        {
            // A give between the failed take above and this lock found no waiter: try again.
            if (TryTake(bytes))
            {
                return ValueTask.FromResult(true);
            }

            waiter.Node = _waiters.AddLast(waiter);
            Volatile.Write(ref _waiting, _waiting + 1);
        }

        return WaitAsync(waiter, wait, cancellationToken);
    }

    public void Give(long bytes)
    {
        if (bytes > 0)
        {
            Interlocked.Add(ref _used, -bytes);
            if (Volatile.Read(ref _waiting) > 0)
            {
                GrantWaiters();
            }
        }
    }

    private async ValueTask<bool> WaitAsync(Waiter waiter, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        using (deadline.Token.UnsafeRegister(static (state, _) => ((Tuple<RequestMemoryBudget, Waiter>)state!).Item1.Withdraw(((Tuple<RequestMemoryBudget, Waiter>)state!).Item2), Tuple.Create(this, waiter)))
        {
            return await waiter.Granted.Task.ConfigureAwait(false);
        }
    }

    private void GrantWaiters()
    {
        lock (_queueLock)
        {
            for (LinkedListNode<Waiter>? node = _waiters.First; node is not null;)
            {
                LinkedListNode<Waiter>? next = node.Next;
                if (TryTake(node.Value.Bytes))
                {
                    Remove(node.Value);
                    node.Value.Granted.TrySetResult(true);
                }

                node = next;
            }
        }
    }

    private void Withdraw(Waiter waiter)
    {
        lock (_queueLock)
        {
            if (waiter.Node is null)
            {
                // Granted meanwhile: the bytes are the caller's.
                return;
            }

            Remove(waiter);
        }

        waiter.Granted.TrySetResult(false);
    }

    private void Remove(Waiter waiter)
    {
        _waiters.Remove(waiter.Node!);
        waiter.Node = null;
        Volatile.Write(ref _waiting, _waiting - 1);
    }

    /// <summary>A call waiting for its bytes; <see cref="Node"/> is guarded by the queue lock.</summary>
    private sealed class Waiter(long bytes)
    {
        public long Bytes { get; } = bytes;

        public LinkedListNode<Waiter>? Node { get; set; }

        public TaskCompletionSource<bool> Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
