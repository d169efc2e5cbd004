using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;

namespace RaftSdk.Transport;

/// <summary>Turns what HttpClient throws into the transport exceptions of RaftSdk.</summary>
internal static class RaftClientFailures
{
    /// <summary>The transport exception for <paramref name="exception"/>, or null when it is not a transport failure.</summary>
    public static RaftTransportException? Translate(Exception exception, string address, string path)
    {
        if (exception is not (HttpRequestException or IOException or SocketException or AuthenticationException))
        {
            return null;
        }

        if (exception is HttpRequestException http
            && http.HttpRequestError is HttpRequestError.InvalidResponse
                or HttpRequestError.HttpProtocolError
                or HttpRequestError.ConfigurationLimitExceeded)
        {
            return new RaftProtocolException(
                $"The answer of {address} to {path} is not valid HTTP/1.1: {http.Message}", address, path, http);
        }

        return new RaftConnectionException(Classify(exception), address, path, exception);
    }

    private static RaftConnectionFailure Classify(Exception exception)
    {
        // The innermost cause names the failure best; the HttpRequestError is the fallback.
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case AuthenticationException:
                    return RaftConnectionFailure.TlsHandshake;
                case SocketException socket:
                    RaftConnectionFailure? kind = Classify(socket.SocketErrorCode);
                    if (kind is not null)
                    {
                        return kind.Value;
                    }

                    break;
            }
        }

        if (exception is HttpRequestException http)
        {
            return http.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => RaftConnectionFailure.NameResolution,
                HttpRequestError.SecureConnectionError => RaftConnectionFailure.TlsHandshake,
                HttpRequestError.ResponseEnded => RaftConnectionFailure.ConnectionReset,
                _ => RaftConnectionFailure.Other,
            };
        }

        // A body read that broke off after the headers arrived.
        return exception is IOException ? RaftConnectionFailure.ConnectionReset : RaftConnectionFailure.Other;
    }

    private static RaftConnectionFailure? Classify(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => RaftConnectionFailure.ConnectionRefused,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown
            => RaftConnectionFailure.ConnectionReset,
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData
            => RaftConnectionFailure.NameResolution,
        _ => null,
    };
}
