using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Transport;

/// <summary>Turns what a client's connection reports into the transport exceptions of RaftSdk.</summary>
internal static class RaftClientFailures
{
    /// <summary>
    /// The head of an answer the pooled handler read, for <see cref="RaftAnswerClassifier"/>; its
    /// framing is checked as the pipeline's reader checks it (SocketsHttpHandler lets
    /// Transfer-Encoding beside Content-Length and unknown codings through).
    /// </summary>
    public static RaftAnswerHead HeadOf(HttpResponseMessage response, string address, RaftClientRoute route)
    {
        string? codings = response.Headers.NonValidated.TryGetValues("Transfer-Encoding", out HeaderStringValues te) ? te.ToString() : null;
        if (RaftAnswerClassifier.FramingError(codings, response.Content.Headers.NonValidated.Contains("Content-Length")) is string framing)
        {
            throw RaftAnswerClassifier.NotHttp(address, route, framing);
        }

        string? contentType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out HeaderStringValues values)
            ? values.ToString()
            : null;
        bool refused = response.StatusCode == HttpStatusCode.Forbidden && response.Headers.NonValidated.Contains(RaftAnswerClassifier.RefusalHeader);
        return new RaftAnswerHead((int)response.StatusCode, response.ReasonPhrase, contentType, refused);
    }

    /// <summary>The transport exception for <paramref name="exception"/>, or null when it is not a transport failure.</summary>
    public static RaftTransportException? Translate(Exception exception, string address, RaftClientRoute route) =>
        Translate(exception, address, route.Path, route.ToString());

    /// <summary>Like <see cref="Translate(Exception, string, RaftClientRoute)"/>, for what is not a call of a route (<paramref name="call"/> names it).</summary>
    public static RaftTransportException? Translate(Exception exception, string address, string path, string call)
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
            return RaftAnswerClassifier.NotHttp(address, call, path, http.Message, http);
        }

        return new RaftConnectionException(Classify(exception), address, path, ServerCertificateRefusal(exception) ?? exception);
    }

    // The client's own refusal of the server certificate carries the reason; the wrappers around it do not.
    private static Exception? ServerCertificateRefusal(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is Tls.ServerCertificateRefusedException)
            {
                return current;
            }
        }

        return null;
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
