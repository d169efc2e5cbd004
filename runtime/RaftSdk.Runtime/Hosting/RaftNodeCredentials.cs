using System;
using System.Security.Cryptography.X509Certificates;
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
        _credentials = new Lazy<RaftTlsCredentials?>(() => Load(options.Value, loggerFactory), LazyThreadSafetyMode.ExecutionAndPublication);
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

    private static void LogReload(ILogger logger, RaftTlsCredentials tls, string? failure)
    {
        if (failure is not null)
        {
            HostingLog.TlsReloadFailed(logger, failure);
            return;
        }

        X509Certificate2 certificate = tls.Certificate;
        HostingLog.TlsCredentialsReloaded(logger, certificate.Subject, certificate.NotAfter.ToUniversalTime(), tls.CertificateAuthorities.Count, tls.Generation);
    }

    private static RaftTlsCredentials? Load(RaftNodeOptions options, ILoggerFactory? loggerFactory)
    {
        RaftTlsFileOptions files = options.Tls;
        if (!files.IsConfigured)
        {
            return null;
        }

        RaftTlsCredentials tls;
        try
        {
            tls = files.WatchFiles
                ? RaftTlsCredentials.LoadAndWatch(files.KeyFile!, files.CertificateFile!, files.CaFile!, files.PeerPolicy, files.ReloadDelay)
                : RaftTlsCredentials.Load(files.KeyFile!, files.CertificateFile!, files.CaFile!, files.PeerPolicy);
        }
        catch (System.IO.InvalidDataException e) when (e.InnerException is TlsFileException file)
        {
            // The files were checked at start; this is a file changed since: name the setting, as the check does.
            string tlsPath = options.Path + ":Tls";
            throw new System.IO.InvalidDataException(file.Describe((role, path) => RaftNodeOptionsValidator.TlsSetting(tlsPath, role, path)) + ".", file);
        }

        if (loggerFactory?.CreateLogger("RaftSdk.Hosting") is ILogger logger)
        {
            HostingLog.TlsCredentialsLoaded(logger, tls.Certificate.Subject, tls.Certificate.NotAfter.ToUniversalTime(), files.CertificateFile!, files.CaFile!);
            tls.Reloaded += failure => LogReload(logger, tls, failure);
        }

        return tls;
    }
}
