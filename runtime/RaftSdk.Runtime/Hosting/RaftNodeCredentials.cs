using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RaftSdk.Diagnostics;
using RaftSdk.Tls;

namespace RaftSdk.Hosting;

/// <summary>
/// The node's TLS credentials, loaded once from <see cref="RaftNodeOptions.Tls"/> and shared by
/// the listener and every client of the container; disposed with the container.
/// </summary>
public sealed class RaftNodeCredentials : IDisposable
{
    private readonly Lazy<RaftTlsCredentials?> _credentials;

    /// <summary>Created by the container.</summary>
    /// <param name="options">The node options.</param>
    /// <param name="loggerFactory">Where loading is logged.</param>
    public RaftNodeCredentials(IOptions<RaftNodeOptions> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _credentials = new Lazy<RaftTlsCredentials?>(() => Load(options.Value.Tls, loggerFactory), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The credentials, or null when TLS is not configured.</summary>
    public RaftTlsCredentials? Tls => _credentials.Value;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_credentials.IsValueCreated)
        {
            _credentials.Value?.Dispose();
        }
    }

    private static RaftTlsCredentials? Load(RaftTlsFileOptions files, ILoggerFactory? loggerFactory)
    {
        if (!files.IsConfigured)
        {
            return null;
        }

        RaftTlsCredentials tls = RaftTlsCredentials.Load(files.KeyFile!, files.CertificateFile!, files.CaFile!);
        if (loggerFactory?.CreateLogger("RaftSdk.Hosting") is ILogger logger)
        {
            HostingLog.TlsCredentialsLoaded(logger, tls.Certificate.Subject, tls.Certificate.NotAfter.ToUniversalTime(), files.CertificateFile!, files.CaFile!);
        }

        return tls;
    }
}
