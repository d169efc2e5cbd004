using System;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
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
/// Why a refused client still completes the handshake: under TLS 1.3 the client finishes its
/// side before the server has seen its certificate, and .NET's server then closes without an
/// alert, so the client could only report "connection closed". Instead the verdict is kept on
/// the connection and <see cref="RefuseUntrusted"/> answers every request on it with 403, the
/// reason in the body and the <see cref="RefusalHeader"/> header, then closes; no request of a
/// refused peer reaches the application. RaftSdk's client turns that answer into
/// <see cref="RaftConnectionFailure.TlsHandshake"/> with the reason.
/// </para>
/// </summary>
internal sealed class ServerTlsHandshake
{
    private readonly RaftTlsCredentials _tls;
    private readonly SslStreamCertificateContext _certificateContext;
    private readonly ILogger _logger;
    private readonly LogFloodGate _gate = new(1, TimeSpan.FromSeconds(10));

    public ServerTlsHandshake(RaftTlsCredentials tls, ILoggerFactory? loggerFactory)
    {
        _tls = tls;
        _logger = loggerFactory?.CreateLogger("RaftSdk.Tls") ?? NullLogger.Instance;
        _certificateContext = SslStreamCertificateContext.Create(
            tls.Certificate,
            tls.IntermediateCertificates,
            offline: true,
            trust: TrustInHandshake(tls.CertificateAuthorities));
    }

    public TlsHandshakeCallbackOptions CallbackOptions => new()
    {
        OnConnection = context =>
        {
            ConnectionContext connection = context.Connection;
            return ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = _certificateContext,
                ClientCertificateRequired = true,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, chain, _) => Judge(certificate, chain, connection),
            });
        },
        HandshakeTimeout = TimeSpan.FromSeconds(10),
    };

    private static SslCertificateTrust? TrustInHandshake(X509Certificate2Collection authorities)
    {
        try
        {
            return SslCertificateTrust.CreateForX509Collection(authorities, sendTrustInHandshake: true);
        }
        catch (PlatformNotSupportedException)
        {
            // Windows sends names only from a system store; the handshake works without them.
            return null;
        }
    }

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
            context.Response.Headers[RefusalHeader] = "client-certificate";
            return PlainTextAnswer.WriteAsync(context, StatusCodes.Status403Forbidden, "TLS client certificate refused: " + reason, closeConnection: true);
        }

        return application(context);
    };

    private bool Judge(X509Certificate? certificate, X509Chain? chain, ConnectionContext connection)
    {
        X509Certificate2? leaf = certificate as X509Certificate2 ?? (certificate is null ? null : new X509Certificate2(certificate));
        string? reason = _tls.CheckPeer(leaf, chain);
        if (reason is null)
        {
            return true;
        }

        if (_logger.IsEnabled(LogLevel.Warning) && _gate.ShouldLog(0, out long suppressed))
        {
            ServerLog.ClientCertificateRefused(_logger, connection.RemoteEndPoint?.ToString() ?? "(unknown)", leaf?.Subject ?? "(none)", leaf?.Issuer ?? "(none)", reason, suppressed);
        }

        connection.Items[VerdictKey] = reason;
        return true;
    }
}
