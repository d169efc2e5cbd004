using System;

namespace RaftSdk.Diagnostics;

/// <summary>The <c>error.type</c> value of a failed client call: a short, stable, low-cardinality name.</summary>
internal static class RaftErrorTypes
{
    public const string Timeout = "timeout";
    public const string Canceled = "canceled";
    public const string Status = "status";
    public const string Protocol = "protocol";

    public static string Of(Exception exception) => exception switch
    {
        RaftConnectionException connection => connection.Failure switch
        {
            RaftConnectionFailure.ConnectionRefused => "connection_refused",
            RaftConnectionFailure.ConnectionReset => "connection_reset",
            RaftConnectionFailure.NameResolution => "name_resolution",
            RaftConnectionFailure.TlsHandshake => "tls_handshake",
            _ => "connection",
        },
        RaftTimeoutException => Timeout,
        RaftStatusException => Status,
        RaftProtocolException => Protocol,
        OperationCanceledException => Canceled,
        _ => exception.GetType().FullName ?? "other",
    };
}
