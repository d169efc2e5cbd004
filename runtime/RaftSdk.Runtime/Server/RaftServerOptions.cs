using System;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RaftSdk.Server;

/// <summary>
/// Settings of the server side: content type, the memory budget that holds whatever clients send
/// (body size, decoded fields, bytes in flight), the handler deadline and per-route cap, logging.
/// </summary>
public sealed class RaftServerOptions
{
    /// <summary>
    /// The default for <see cref="MaxRequestBodySize"/>: 32 MiB. A Go leader sends every pending
    /// entry in one Append (changeagent has no batch limit), so a catch-up can be large; see
    /// docs/reliability.md for the trade-off.
    /// </summary>
    public const long DefaultMaxRequestBodySize = 32 * 1024 * 1024;

    /// <summary>The default for <see cref="MaxDecodedFields"/>: 4,194,304 fields (about 1.4 million tiny entries).</summary>
    public const long DefaultMaxDecodedFields = 4 * 1024 * 1024;

    /// <summary>
    /// The default for <see cref="MaxRequestBytesInFlight"/>: 224 MiB, what one body of the
    /// default largest size is charged (<see cref="ChargeOfLargestBody"/>).
    /// </summary>
    public const long DefaultMaxRequestBytesInFlight = 224L * 1024 * 1024;

    /// <summary>
    /// What one decoded field is charged against <see cref="MaxRequestBytesInFlight"/>: a field
    /// becomes a property of a record, an element of a list or a string, measured at about 32
    /// bytes on average for the worst body (entries of two one-byte fields); 40 leaves a margin.
    /// </summary>
    public const int DecodedBytesPerField = 40;

    /// <summary>The default for <see cref="ServiceNotSetMessage"/>.</summary>
    public const string DefaultServiceNotSetMessage = "The service is not ready: no implementation is set yet";

    /// <summary>
    /// The exact Content-Type of request and response bodies, for example
    /// <c>application/changeagent+protobuf</c>. A request whose Content-Type differs in any way
    /// (also by a <c>charset</c> parameter or by case) is answered with 415, as the Go original does.
    /// </summary>
    public required string ContentType { get; init; }

    /// <summary>
    /// The text of the 503 answer while the endpoint has no service to call (its service function
    /// returns null). A module whose peers expect a text of their own sets it, as changeagent's
    /// communication object does. Default <see cref="DefaultServiceNotSetMessage"/>.
    /// </summary>
    public string ServiceNotSetMessage { get; init; } = DefaultServiceNotSetMessage;

    /// <summary>
    /// The largest request body accepted, in bytes; larger bodies are answered with 413, whether
    /// the Content-Length announces them or a chunked body grows past the limit. Default 32 MiB
    /// (<see cref="DefaultMaxRequestBodySize"/>).
    /// </summary>
    public long MaxRequestBodySize { get; init; } = DefaultMaxRequestBodySize;

    /// <summary>
    /// The most fields one request may decode to, counting every tag at every depth (an entry of
    /// an Append is its own field plus one per field set in it). What a body decodes to grows with
    /// its field count, not its size: 8 MiB of two-byte entries decode to 1.4 million records.
    /// One more answers 413. Default <see cref="DefaultMaxDecodedFields"/>. Records the generator
    /// reads through Google.Protobuf (a field shape the direct codec does not know) are not counted.
    /// </summary>
    public long MaxDecodedFields { get; init; } = DefaultMaxDecodedFields;

    /// <summary>
    /// A budget for all requests of this endpoint together: the body bytes of every call in
    /// flight plus what they may decode to. Before anything is allocated, a request is charged
    /// its Content-Length, that again (strings decode to UTF-16, at most two bytes per body byte),
    /// and <see cref="DecodedBytesPerField"/> for each field it is expected to hold (one per 64
    /// bytes, at least 65,536); a body that decodes to more is charged for the most it can hold
    /// (half its size, capped by <see cref="MaxDecodedFields"/>) and decoded again, one such body
    /// at a time (docs/reliability.md, "Field-dense bodies"). A chunked body is charged as it grows
    /// and for its decoding once it is whole. What decoding did not use of the field charge is
    /// given back at once, the rest when the answer is written. A request that does not fit is
    /// answered 503 with <c>Retry-After</c> (<see cref="RetryAfter"/>). Null, the default, means
    /// 224 MiB (<see cref="DefaultMaxRequestBytesInFlight"/>) or <see cref="ChargeOfLargestBody"/>
    /// when larger limits need more; a value set must be at least <see cref="ChargeOfLargestBody"/>,
    /// or the largest bodies could never be read.
    /// </summary>
    public long? MaxRequestBytesInFlight { get; init; }

    /// <summary>The budget in force: <see cref="MaxRequestBytesInFlight"/>, or its default.</summary>
    public long EffectiveMaxRequestBytesInFlight => MaxRequestBytesInFlight ?? Math.Max(DefaultMaxRequestBytesInFlight, ChargeOfLargestBody);

    /// <summary>What a body of <see cref="MaxRequestBodySize"/> bytes is charged against <see cref="MaxRequestBytesInFlight"/> at most.</summary>
    public long ChargeOfLargestBody => (2 * MaxRequestBodySize) + (Math.Min(MaxDecodedFields, (MaxRequestBodySize / 2) + 1) * DecodedBytesPerField);

    /// <summary>
    /// How long a call whose body does not fit in <see cref="MaxRequestBytesInFlight"/> waits its
    /// turn, holding nothing, before it is answered 503; 5 seconds by default. Waiting calls are
    /// admitted in arrival order, so a flood from a few connections cannot keep other peers'
    /// large calls out (docs/reliability.md). <see cref="TimeSpan.Zero"/> refuses at once.
    /// </summary>
    public TimeSpan BudgetWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The <c>Retry-After</c> of a 503 for a full budget or a busy route; 1 second by default (whole seconds are sent).</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a handler may run; null, the default, is no limit. When it passes, the handler's
    /// cancellation token fires and the call is answered 504 (Gateway Timeout: the server's work
    /// timed out), whether or not the handler has stopped.
    /// </summary>
    public TimeSpan? HandlerTimeout { get; init; }

    /// <summary>
    /// The slowest a streamed request body (a route that takes a <see cref="System.IO.Stream"/>)
    /// may arrive, in bytes per second, after <see cref="MinStreamedBodyGracePeriod"/>; slower is
    /// answered 408 and the connection closed. Time the handler spends not reading does not count
    /// (Kestrel times only reads that wait for the socket). Streamed routes have no fixed deadline
    /// (<see cref="HandlerTimeout"/> does not apply to them): this is what ends a stalled sender.
    /// Null, the default, keeps the listener's rate (<c>RaftListenerOptions.MinRequestBodyDataRate</c>,
    /// 240 bytes per second after 5 seconds). For a streamed answer (a route that answers
    /// <see cref="RaftStreamedAnswer{THeader}"/>) the same rate bounds the peer's reading: each
    /// window of the body (at most 64 KiB) must be taken within its time at this rate, and at
    /// least <see cref="MinStreamedBodyGracePeriod"/>, or the connection is cut and the cut logged
    /// (408); null is 240 bytes per second there. <see cref="HandlerTimeout"/> covers only producing
    /// a streamed answer, not sending its body.
    /// </summary>
    public double? MinStreamedBodyDataRate { get; init; }

    /// <summary>The grace period of <see cref="MinStreamedBodyDataRate"/>: more than 1 second (Kestrel's rule); 5 seconds by default.</summary>
    public TimeSpan MinStreamedBodyGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most calls one route runs at once; one more is answered 503 with <c>Retry-After</c>
    /// before its body is read. 0, the default, is no cap (connections are still capped by the
    /// listener, see <c>RaftListenerOptions.MaxConnections</c>).
    /// </summary>
    public int MaxCallsInFlightPerRoute { get; init; }

    /// <summary>
    /// Where refusals (413, 503, 504, framing errors) and handler faults are logged, rate-bounded
    /// (event ids 100-199); null, the default, logs nothing.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// Called with every exception a handler or service throws, and with every fault of the
    /// server itself, before the error answer is written. Not called for what a client did wrong
    /// (those are answered 4xx). Null, the default, observes nothing. It must not throw.
    /// </summary>
    public Action<HttpContext, Exception>? OnHandlerError { get; init; }
}
