using System;
using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace RaftSdk;

/// <summary>
/// The peer answered with an HTTP status other than 200. The message names the status the way
/// the Go original does, for example
/// <c>HTTP status 415 Unsupported Media Type from POST /raft/append on 127.0.0.1:1234</c>.
/// </summary>
public sealed class RaftStatusException : RaftTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status the peer answered with.</param>
    /// <param name="reasonPhrase">The reason phrase the peer sent; the standard one is used when null or empty.</param>
    /// <param name="method">The HTTP method of the call.</param>
    /// <param name="address">The peer address, <c>host:port</c>.</param>
    /// <param name="path">The request path.</param>
    /// <param name="remoteError">The error text the peer sent in the body, if any.</param>
    public RaftStatusException(int statusCode, string? reasonPhrase, string method, string address, string path, string? remoteError)
        : base(FormatMessage(statusCode, reasonPhrase, method, address, path, remoteError), address, path)
    {
        StatusCode = statusCode;
        Method = method ?? string.Empty;
        RemoteError = remoteError;
    }

    /// <summary>The HTTP status the peer answered with.</summary>
    public int StatusCode { get; }

    /// <summary>The HTTP method of the call.</summary>
    public string Method { get; }

    /// <summary>
    /// The error text the peer sent in the body: taken from the protobuf error member when the
    /// generated client knows one, or the text of a <c>text/plain</c> body; null when there is none.
    /// </summary>
    public string? RemoteError { get; }

    private static string FormatMessage(int statusCode, string? reasonPhrase, string method, string address, string path, string? remoteError)
    {
        string phrase = string.IsNullOrEmpty(reasonPhrase) ? ReasonPhrases.GetReasonPhrase(statusCode) : reasonPhrase;
        string status = phrase.Length == 0
            ? statusCode.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{statusCode} {phrase}");
        string message = $"HTTP status {status} from {method} {path} on {address}";
        return string.IsNullOrEmpty(remoteError) ? message : message + ": " + remoteError;
    }
}
