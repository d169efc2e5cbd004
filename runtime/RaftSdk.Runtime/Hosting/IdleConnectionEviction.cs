using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace RaftSdk.Hosting;

/// <summary>
/// The listener's connection limit, which evicts instead of locking out: at the limit a new
/// connection closes the one idle longest (no call in progress, whether it never sent a
/// request, is still in its TLS handshake, or waits between calls), and only when every
/// connection is inside a call is the new one refused. Kestrel's own limit refuses every new
/// connection once the limit is held, so 1,024 idle sockets locked real peers out until the
/// keep-alive timeout (130 s), and the attacker simply reconnected. A live Raft peer calls every
/// heartbeat (tens of milliseconds), so the connections idle longest are the ones nobody uses;
/// an attacker must now outpace the peers' own traffic, not just open sockets.
/// </summary>
internal sealed class IdleConnectionEviction
{
    private const string SlotKey = "RaftSdk.ConnectionSlot";

    private readonly long _limit;
    private readonly object _lock = new();

    // Longest idle first; a connection inside a call is not in the list.
    private readonly LinkedList<Slot> _idle = new();
    private long _open;

    public IdleConnectionEviction(long limit) => _limit = limit;

    /// <summary>Connections admitted and not yet closed or evicted.</summary>
    public long Open
    {
        get
        {
            lock (_lock)
            {
                return _open;
            }
        }
    }

    /// <summary>Kestrel connection middleware: admits each connection (evicting if need be) and forgets it when it closes.</summary>
    public ConnectionDelegate Admit(ConnectionDelegate next) => async connection =>
    {
        Slot? slot = TryAdmit(connection);
        if (slot is null)
        {
            // Every connection is inside a call: returning closes this one, as Kestrel's limit would.
            return;
        }

        connection.Items[SlotKey] = slot;
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            Closed(slot);
        }
    };

    /// <summary>Wraps the application so that a connection inside a call is never evicted.</summary>
    public RequestDelegate TrackCalls(RequestDelegate application) => async context =>
    {
        Slot? slot = context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(SlotKey, out object? value) == true ? value as Slot : null;
        if (slot is null)
        {
            await application(context).ConfigureAwait(false);
            return;
        }

        CallStarted(slot);
        try
        {
            await application(context).ConfigureAwait(false);
        }
        finally
        {
            CallEnded(slot);
        }
    };

    private Slot? TryAdmit(ConnectionContext connection)
    {
        var slot = new Slot(connection);
        Slot? evicted = null;
        lock (_lock)
        {
            if (_open >= _limit)
            {
                if (_idle.First is not LinkedListNode<Slot> oldest)
                {
                    return null;
                }

                evicted = oldest.Value;
                _idle.RemoveFirst();
                evicted.Node = null;
                evicted.Gone = true;
                _open--;
            }

            _open++;
            slot.Node = _idle.AddLast(slot);
        }

        evicted?.Connection.Abort(new ConnectionAbortedException("Closed to make room: the listener is at its connection limit and this connection was idle longest."));
        return slot;
    }

    private void CallStarted(Slot slot)
    {
        lock (_lock)
        {
            slot.Calls++;
            if (slot.Node is not null)
            {
                _idle.Remove(slot.Node);
                slot.Node = null;
            }
        }
    }

    private void CallEnded(Slot slot)
    {
        lock (_lock)
        {
            slot.Calls--;
            if (slot.Calls == 0 && !slot.Gone)
            {
                slot.Node = _idle.AddLast(slot);
            }
        }
    }

    private void Closed(Slot slot)
    {
        lock (_lock)
        {
            if (slot.Gone)
            {
                return;
            }

            slot.Gone = true;
            _open--;
            if (slot.Node is not null)
            {
                _idle.Remove(slot.Node);
                slot.Node = null;
            }
        }
    }

    /// <summary>One admitted connection; its fields are guarded by the owner's lock.</summary>
    private sealed class Slot(ConnectionContext connection)
    {
        public ConnectionContext Connection { get; } = connection;

        public LinkedListNode<Slot>? Node { get; set; }

        public int Calls { get; set; }

        /// <summary>Closed or evicted: no longer counted.</summary>
        public bool Gone { get; set; }
    }
}
