using System;
using System.IO;
using System.Threading.Tasks;

namespace RaftSdk;

/// <summary>
/// The answer of a route that streams its answer body (a state machine's snapshot): a header
/// message, then <see cref="Body"/>, larger than memory if need be. On the server the handler
/// returns one over a stream it hands over: the runtime copies it to the peer as fast as the peer
/// reads and disposes it, also when the copy fails. On the client the generated method returns one
/// whose <see cref="Body"/> reads straight from the connection: dispose it (the call ends then;
/// a body read to its end gives the connection back to the pool, one disposed earlier closes it).
/// </summary>
/// <typeparam name="THeader">The header message, sent before the body.</typeparam>
public sealed class RaftStreamedAnswer<THeader> : IDisposable, IAsyncDisposable
{
    /// <summary>An answer of <paramref name="header"/> followed by the bytes of <paramref name="body"/> to its end; the answer owns the stream.</summary>
    /// <param name="header">The header message.</param>
    /// <param name="body">The body; disposed with the answer.</param>
    public RaftStreamedAnswer(THeader header, Stream body)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(body);
        Header = header;
        Body = body;
    }

    /// <summary>The header message.</summary>
    public THeader Header { get; }

    /// <summary>The body after the header.</summary>
    public Stream Body { get; }

    /// <summary>Disposes <see cref="Body"/>.</summary>
    public void Dispose() => Body.Dispose();

    /// <summary>Disposes <see cref="Body"/>.</summary>
    /// <returns>A task that completes when the body is disposed.</returns>
    public ValueTask DisposeAsync() => Body.DisposeAsync();
}
