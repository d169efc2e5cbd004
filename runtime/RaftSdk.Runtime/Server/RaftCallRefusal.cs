using System;

namespace RaftSdk.Server;

/// <summary>Why a call is refused before or after its handler: the client's doing or the server being full, never a fault.</summary>
internal enum RefusalKind
{
    UnsupportedMediaType,
    BodyTooLarge,
    TooManyFields,
    InvalidBody,
    BadFraming,
    BodyTimeout,
    BudgetFull,
    RouteBusy,
    HandlerDeadline,
}

/// <summary>
/// Thrown by the call machinery to refuse a call with a status and a plain-text reason; the
/// call handler's exception funnel turns it into the answer. Never escapes the endpoint.
/// </summary>
internal sealed class RaftCallRefusal : Exception
{
    public RaftCallRefusal(RefusalKind kind, int statusCode, string text, bool closeConnection = false, bool retryLater = false, Exception? inner = null)
        : base(text, inner)
    {
        Kind = kind;
        StatusCode = statusCode;
        CloseConnection = closeConnection;
        RetryLater = retryLater;
    }

    public RefusalKind Kind { get; }

    public int StatusCode { get; }

    /// <summary>True when the rest of the body is not worth reading: the connection is closed after the answer.</summary>
    public bool CloseConnection { get; }

    /// <summary>True for 503s: the answer carries <c>Retry-After</c>.</summary>
    public bool RetryLater { get; }
}
