using System;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RaftSdk.Server;
using RaftSdk.Tls;

namespace RaftSdk.Hosting;

/// <summary>
/// The server side of mutual TLS: the node certificate with the CA pool's names in the
/// CertificateRequest (so a client holding several certificates can pick the right one, as a
/// Go server does), a required client certificate judged during the handshake, and each refusal
/// logged with its reason and the peer's address, rate-bounded (event id 401).
/// <para>
/// A refused certificate is answered as <see cref="ClientCertificateRefusal"/> says. Why not a
/// TLS alert, as Go's <c>RequireAndVerifyClientCert</c> sends: on Linux .NET 10 judges the
/// certificate after OpenSSL has finished the handshake and, when refused, closes without an
/// alert (dotnet/runtime#115996 moves the check into the handshake for .NET 11), so the client
/// only sees the connection closed. By default the verdict is therefore kept on the connection
/// and <see cref="RefuseUntrusted"/> answers the first request on it with 403, the reason in the
/// status line, the body and the <see cref="RefusalHeader"/> header, and closes without reading
/// the request body; <see cref="ClientCertificateRefusal.Close"/> closes at once instead. No
/// request of a refused peer reaches the application either way.
/// </para>
/// <para>
/// TLS resumption is off: a resumed session carries no certificate to judge, so a ticket issued
/// before a CA pool changed would let its holder in unchecked. Peers keep their connections
/// open, so full handshakes are rare.
/// </para>
/// </summary>
internal sealed class ServerTlsHandshake
{
    private readonly RaftTlsCredentials _tls;
    private readonly ClientCertificateRefusal _refusal;
    private readonly ILogger _logger;
    private readonly LogFloodGate _gate = new(1, TimeSpan.FromSeconds(10));

    public ServerTlsHandshake(RaftTlsCredentials tls, ClientCertificateRefusal refusal, ILoggerFactory? loggerFactory)
    {
        _tls = tls;
        _refusal = refusal;
        _logger = loggerFactory?.CreateLogger("RaftSdk.Tls") ?? NullLogger.Instance;
    }

    public TlsHandshakeCallbackOptions CallbackOptions => new()
    {
        OnConnection = context =>
        {
            ConnectionContext connection = context.Connection;
            return ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                // The current generation: after a rotation new handshakes present the new certificate.
                ServerCertificateContext = _tls.ServerCertificateContext,
                ClientCertificateRequired = true,
                AllowTlsResume = false,
                // The client's chain is built once, against the current CA pool, and judged as built.
                CertificateChainPolicy = _tls.PeerChainPolicy,
                RemoteCertificateValidationCallback = (_, certificate, chain, _) => Judge(certificate, chain, connection),
            });
        },
        HandshakeTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>The header that marks a 403 as a refused client certificate (value <c>client-certificate</c>).</summary>
    public const string RefusalHeader = "RaftSdk-Refusal";

    private const string VerdictKey = "RaftSdk.Tls.Refusal";

    /// <summary>
    /// Wraps the application: a request on a connection whose client certificate was refused is
    /// answered 403 with the reason and the connection closed; others go through.
    /// </summary>
    public static RequestDelegate RefuseUntrusted(RequestDelegate application) => context =>
    {
        if (context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(VerdictKey, out object? reason) == true)
        {
            string text = "TLS client certificate refused: " + reason;
            context.Response.Headers[RefusalHeader] = "client-certificate";

            // Kestrel drains an unread body for up to 5 s before it closes; with a limit of 0 the
            // first byte it would drain ends the connection instead.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            {
                bodyLimit.MaxRequestBodySize = 0;
            }

            // Go's changeagent prints only the status line of a refusal ("HTTP status 403 ...").
            context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = StatusLineText(text);
            return PlainTextAnswer.WriteAsync(context, StatusCodes.Status403Forbidden, text, closeConnection: true);
        }

        return application(context);
    };

    // A reason phrase is printable ASCII; a subject name may hold anything else.
    private static string StatusLineText(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                char c = source[i];
                span[i] = c is >= ' ' and <= '~' ? c : '?';
            }
        });

    private bool Judge(X509Certificate? certificate, X509Chain? chain, ConnectionContext connection)
    {
        X509Certificate2? leaf = certificate as X509Certificate2 ?? (certificate is null ? null : new X509Certificate2(certificate));
        string? reason = _tls.CheckClientCertificate(leaf, chain);
        if (reason is null)
        {
            return true;
        }

        if (_logger.IsEnabled(LogLevel.Warning) && _gate.ShouldLog(0, out long suppressed))
        {
            ServerLog.ClientCertificateRefused(_logger, connection.RemoteEndPoint?.ToString() ?? "(unknown)", leaf?.Subject ?? "(none)", leaf?.Issuer ?? "(none)", reason, suppressed);
        }

        if (_refusal == ClientCertificateRefusal.Close)
        {
            return false;
        }

        connection.Items[VerdictKey] = reason;
        return true;
    }
}
