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

/// <summary>Turns what HttpClient throws into the transport exceptions of RaftSdk.</summary>
internal static class RaftClientFailures
{
    // The header a RaftSdk listener puts on the 403 that refuses a client certificate (see ServerTlsHandshake).
    private const string RefusalHeader = "RaftSdk-Refusal";
    private const int MaxRefusalText = 4096;
    private const string RefusalTextPrefix = "TLS client certificate refused: ";

    /// <summary>
    /// Checks an answer before its status is looked at: a RaftSdk server's refusal of this
    /// node's TLS certificate becomes <see cref="RaftConnectionFailure.TlsHandshake"/> with the
    /// server's reason; a 200 with another Content-Type becomes a <see cref="RaftProtocolException"/>
    /// (unless <paramref name="checkContentType"/> is off). Completes synchronously for a good answer.
    /// </summary>
    public static ValueTask CheckAnswerAsync(HttpResponseMessage response, string contentType, bool checkContentType, string address, string path, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.OK)
        {
            if (checkContentType)
            {
                CheckContentType(response, contentType, address, path);
            }

            return ValueTask.CompletedTask;
        }

        if (response.StatusCode == HttpStatusCode.Forbidden && response.Headers.NonValidated.Contains(RefusalHeader))
        {
            return ThrowCertificateRefusedAsync(response, address, path, cancellationToken);
        }

        return ValueTask.CompletedTask;
    }

    private static void CheckContentType(HttpResponseMessage response, string expected, string address, string path)
    {
        string actual = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out HeaderStringValues values)
            ? values.ToString()
            : string.Empty;
        if (ContentTypeMismatch(actual, expected, address, path) is RaftProtocolException mismatch)
        {
            throw mismatch;
        }
    }

    /// <summary>The refusal header's name (the pipeline reads headers itself).</summary>
    internal const string RefusalHeaderName = RefusalHeader;

    /// <summary>The failure for a RaftSdk server's 403 refusal of this node's certificate, from the text of its body.</summary>
    internal static RaftConnectionException CertificateRefused(string address, string path, string reason) =>
        new(RaftConnectionFailure.TlsHandshake, address, path, new AuthenticationException("The server refused this node's TLS certificate: " + StripPrefix(reason)));

    /// <summary>Null when <paramref name="actual"/> names <paramref name="expected"/> (media type without case, parameters ignored), else the failure.</summary>
    internal static RaftProtocolException? ContentTypeMismatch(string? actual, string expected, string address, string path)
    {
        actual ??= string.Empty;
        if (string.Equals(actual, expected, StringComparison.Ordinal))
        {
            return null;
        }

        int semicolon = actual.IndexOf(';');
        ReadOnlySpan<char> mediaType = (semicolon < 0 ? actual : actual[..semicolon]).AsSpan().Trim();
        if (!mediaType.Equals(expected, StringComparison.OrdinalIgnoreCase))
        {
            string shown = actual.Length == 0 ? "none" : "'" + actual + "'";
            return new RaftProtocolException(
                $"The answer of {address} to {path} has Content-Type {shown}, not '{expected}': it is not a body of this protocol (RaftClientOptions.CheckResponseContentType turns this check off).",
                address,
                path);
        }

        return null;
    }

    private static string StripPrefix(string reason) =>
        reason.StartsWith(RefusalTextPrefix, StringComparison.Ordinal) ? reason[RefusalTextPrefix.Length..] : reason;

    private static async ValueTask ThrowCertificateRefusedAsync(HttpResponseMessage response, string address, string path, CancellationToken cancellationToken)
    {
        string reason;
        try
        {
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            reason = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxRefusalText)).Trim();
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            reason = "TLS client certificate refused (no reason could be read)";
        }

        throw CertificateRefused(address, path, reason);
    }

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
