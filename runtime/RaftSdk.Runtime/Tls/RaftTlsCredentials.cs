using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace RaftSdk.Tls;

/// <summary>
/// The key material of a node in secure mode: its certificate with private key (used both as
/// server and as client certificate) and the pool of certificate authorities that peers must
/// chain to. Peers are verified against the pool only (no system trust, no revocation check),
/// with Go's extended-key-usage rule (<see cref="CheckClientCertificate"/>,
/// <see cref="CheckServerCertificate"/>) and the opt-in identity rules of <see cref="Policy"/>;
/// without them nodes can be addressed by IP or by any name, as in the Go original. The material
/// can be replaced while in use (<see cref="LoadAndWatch"/>): each new handshake takes the
/// current generation, connections already made keep theirs.
/// </summary>
public sealed class RaftTlsCredentials : IDisposable
{
    // Replaced generations are kept a while: a handshake begun just before a rotation may still use them.
    private static readonly TimeSpan RetiredKeep = TimeSpan.FromMinutes(10);

    private readonly object _rotation = new();
    private readonly List<TlsMaterial> _retired = new();
    private volatile TlsMaterial _current;
    private TlsFileWatcher? _watcher;
    private int _generation;
    private int _disposed;

    /// <summary>
    /// Creates credentials from certificates already in memory. The credentials take ownership
    /// of the certificates and dispose them.
    /// </summary>
    /// <param name="certificate">The node certificate, with its private key.</param>
    /// <param name="certificateAuthorities">The trusted CA pool; at least one certificate.</param>
    /// <param name="intermediateCertificates">Further certificates sent with the node certificate, if any.</param>
    /// <param name="policy">Who may be a peer beyond the CA pool; null: <see cref="RaftTlsPeerPolicy.None"/>.</param>
    public RaftTlsCredentials(
        X509Certificate2 certificate,
        X509Certificate2Collection certificateAuthorities,
        X509Certificate2Collection? intermediateCertificates = null,
        RaftTlsPeerPolicy? policy = null)
    {
        _current = new TlsMaterial(certificate, certificateAuthorities, intermediateCertificates);
        Policy = policy ?? RaftTlsPeerPolicy.None;
    }

    /// <summary>The node certificate, with its private key; it serves as server and as client certificate. The current one when the files are watched.</summary>
    public X509Certificate2 Certificate => _current.Certificate;

    /// <summary>The trusted certificate authorities (the "cert pool") that peer certificates must chain to. The current ones when the files are watched.</summary>
    public X509Certificate2Collection CertificateAuthorities => _current.Authorities;

    /// <summary>The further certificates of the certificate file after the first, sent along in handshakes.</summary>
    public X509Certificate2Collection IntermediateCertificates => _current.Intermediates;

    /// <summary>The allow-list of peer identities and the host-name check; none by default.</summary>
    public RaftTlsPeerPolicy Policy { get; }

    /// <summary>How many times the files were reloaded into new credentials since the start (0 without <see cref="LoadAndWatch"/>).</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>
    /// Raised after a reload of watched files: null when the new files are in use, else why they
    /// were not (the previous credentials stay). Called on a thread-pool thread.
    /// </summary>
    public event Action<string?>? Reloaded;

    /// <summary>
    /// Loads the three PEM files of secure mode, as the original's <c>StartSecureCommunication</c>
    /// takes them. All three are required.
    /// </summary>
    /// <param name="keyFile">The node's private key (PKCS#8, PKCS#1 RSA or SEC1 EC; not encrypted).</param>
    /// <param name="certificateFile">The node's certificate; further certificates in it are sent as intermediates.</param>
    /// <param name="caFile">The CA pool; every parsable certificate in it is trusted.</param>
    /// <param name="policy">Who may be a peer beyond the CA pool; null: <see cref="RaftTlsPeerPolicy.None"/>.</param>
    /// <exception cref="ArgumentException">A file name is null or empty.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file does not hold what it should, or key and certificate do not match.</exception>
    public static RaftTlsCredentials Load(string keyFile, string certificateFile, string caFile, RaftTlsPeerPolicy? policy = null)
    {
        Require(keyFile, nameof(keyFile), "private key file");
        Require(certificateFile, nameof(certificateFile), "certificate file");
        Require(caFile, nameof(caFile), "CA file");
        try
        {
            return LoadFiles(keyFile, certificateFile, caFile, policy);
        }
        catch (TlsFileException e)
        {
            throw e.ToInvalidData();
        }
    }

    /// <summary>
    /// <see cref="Load"/> without the argument checks, throwing <see cref="TlsFileException"/> for a file
    /// that does not hold what it should, so that hosting can name the setting.
    /// </summary>
    internal static RaftTlsCredentials LoadFiles(string keyFile, string certificateFile, string caFile, RaftTlsPeerPolicy? policy = null)
    {
        string keyText = RaftTls.ReadPemFile(keyFile, "private key");
        string certificateText = RaftTls.ReadPemFile(certificateFile, "certificate");
        X509Certificate2Collection authorities = RaftTls.ReadCertPool(caFile);

        if (PemLabels.KeyProblem(keyText) is string keyProblem)
        {
            throw new TlsFileException(TlsFileRole.PrivateKey, keyFile, keyProblem);
        }

        List<X509Certificate2> chain = PemCertificates.Read(certificateText);
        if (chain.Count == 0)
        {
            throw new TlsFileException(TlsFileRole.Certificate, certificateFile, PemLabels.CertificateProblem(certificateText));
        }

        X509Certificate2 certificate;
        try
        {
            certificate = PlatformCertificate.WithUsableKey(X509Certificate2.CreateFromPem(certificateText, keyText));
        }
        catch (ArgumentException e)
        {
            // Both files hold what they should (checked above): the key belongs to another certificate.
            throw new TlsFileException(TlsFileRole.PrivateKey, keyFile, "is not the private key of {0}", (TlsFileRole.Certificate, certificateFile), e);
        }
        catch (CryptographicException e)
        {
            throw new TlsFileException(TlsFileRole.PrivateKey, keyFile, "holds a private key that cannot be used with {0}", (TlsFileRole.Certificate, certificateFile), e, e.Message);
        }

        chain[0].Dispose();
        chain.RemoveAt(0);
        return new RaftTlsCredentials(certificate, authorities, new X509Certificate2Collection(chain.ToArray()), policy);
    }

    /// <summary>
    /// Like <see cref="Load"/>, then watches the three files: when any changes (after
    /// <paramref name="debounce"/> without further change, so a key and certificate written one
    /// after the other are read together) they are read again and new handshakes use the new
    /// credentials; connections already made keep theirs. Files that do not load (a half-written
    /// certificate, a key that does not match) leave the previous credentials in place, and
    /// <see cref="Reloaded"/> says why. A CA file may hold the old and the new CA together for a
    /// rollover.
    /// </summary>
    /// <param name="keyFile">The node's private key.</param>
    /// <param name="certificateFile">The node's certificate.</param>
    /// <param name="caFile">The CA pool.</param>
    /// <param name="policy">Who may be a peer beyond the CA pool.</param>
    /// <param name="debounce">How long the files must stay unchanged before they are read; null: 1 second.</param>
    /// <returns>The credentials; disposing them stops the watch.</returns>
    public static RaftTlsCredentials LoadAndWatch(string keyFile, string certificateFile, string caFile, RaftTlsPeerPolicy? policy = null, TimeSpan? debounce = null)
    {
        RaftTlsCredentials credentials = Load(keyFile, certificateFile, caFile, policy);
        credentials._watcher = new TlsFileWatcher(keyFile, certificateFile, caFile, debounce ?? TimeSpan.FromSeconds(1), credentials.Reload);
        return credentials;
    }

    // Runs on a timer thread, where an exception would end the process: whatever the files or a
    // handler throw becomes the reported failure, and the previous credentials stay.
    private void Reload(string keyFile, string certificateFile, string caFile)
    {
        string? failure = null;
        try
        {
            RaftTlsCredentials fresh = Load(keyFile, certificateFile, caFile);
            Replace(fresh._current);
        }
        catch (Exception e)
        {
            failure = e.Message;
        }

        try
        {
            Reloaded?.Invoke(failure);
        }
        catch (Exception)
        {
            // A handler's fault is its own; the reload stands.
        }
    }

    /// <summary>Makes <paramref name="next"/> the material of new handshakes; the previous one is disposed once no handshake can still be using it.</summary>
    private void Replace(TlsMaterial next)
    {
        lock (_rotation)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                next.Dispose();
                return;
            }

            long now = DateTime.UtcNow.Ticks;
            TlsMaterial previous = _current;
            previous.RetiredAt = now;
            _retired.Add(previous);
            _current = next;
            Interlocked.Increment(ref _generation);
            _retired.RemoveAll(old =>
            {
                bool expired = now - old.RetiredAt > RetiredKeep.Ticks;
                if (expired)
                {
                    old.Dispose();
                }

                return expired;
            });
        }
    }

    /// <summary>
    /// Verifies that a peer certificate is trusted: the chain must lead to a certificate of
    /// <see cref="CertificateAuthorities"/>, and be valid now. Extended key usage and
    /// <see cref="Policy"/> are not looked at (the listener and the client use
    /// <see cref="CheckClientCertificate"/> and <see cref="CheckServerCertificate"/>, which
    /// are). Revocation is not checked. Self-signed certificates and certificates of other
    /// CAs fail. Thread-safe.
    /// </summary>
    /// <param name="certificate">The peer's leaf certificate; null fails.</param>
    /// <param name="chain">The chain the TLS stack built, if any: judged as it is when built with this node's CA pool policy (the listener's and client's handshakes), else only the certificates the peer sent along are used from it.</param>
    /// <returns>True when the peer is trusted.</returns>
    public bool ValidatePeer(X509Certificate2? certificate, X509Chain? chain) => CheckPeer(certificate, chain) is null;

    /// <summary>
    /// Like <see cref="ValidatePeer"/>, but says why a peer is refused: null when the peer is
    /// trusted, else a short reason (no certificate; expired or not yet valid, with the dates;
    /// self-signed; issued by a CA outside the pool; ...). Thread-safe.
    /// </summary>
    /// <param name="certificate">The peer's leaf certificate; null is refused.</param>
    /// <param name="chain">The chain the TLS stack built, if any: judged as it is when built with this node's CA pool policy (the listener's and client's handshakes), else only the certificates the peer sent along are used from it.</param>
    /// <returns>Null for a trusted peer, else why it is refused.</returns>
    public string? CheckPeer(X509Certificate2? certificate, X509Chain? chain) => Check(certificate, chain, usage: null, hostName: null);

    /// <summary>
    /// What the listener asks of a client certificate: trusted (<see cref="CheckPeer"/>), its
    /// chain allowing client authentication (Go's rule: every certificate of the chain that has
    /// the extended-key-usage extension lists clientAuth or anyExtendedKeyUsage), and an
    /// identity of <see cref="Policy"/>'s allow-list when one is set. Thread-safe.
    /// </summary>
    /// <param name="certificate">The client's leaf certificate; null is refused.</param>
    /// <param name="chain">The chain the TLS stack built, if any: judged as it is when built with this node's CA pool policy (the listener's and client's handshakes), else only the certificates the peer sent along are used from it.</param>
    /// <returns>Null for an accepted client, else why it is refused.</returns>
    public string? CheckClientCertificate(X509Certificate2? certificate, X509Chain? chain) =>
        Check(certificate, chain, ExtendedKeyUsage.ClientAuthentication, hostName: null);

    /// <summary>
    /// What a client asks of a server certificate: trusted (<see cref="CheckPeer"/>), its chain
    /// allowing server authentication (serverAuth, by Go's rule), an identity of
    /// <see cref="Policy"/>'s allow-list when one is set, and valid for
    /// <paramref name="hostName"/> when <see cref="RaftTlsPeerPolicy.VerifyServerHostName"/> is on. Thread-safe.
    /// </summary>
    /// <param name="certificate">The server's leaf certificate; null is refused.</param>
    /// <param name="chain">The chain the TLS stack built, if any: judged as it is when built with this node's CA pool policy (the listener's and client's handshakes), else only the certificates the peer sent along are used from it.</param>
    /// <param name="hostName">The host name or IP address the call was addressed to.</param>
    /// <returns>Null for an accepted server, else why it is refused.</returns>
    public string? CheckServerCertificate(X509Certificate2? certificate, X509Chain? chain, string? hostName) =>
        Check(certificate, chain, ExtendedKeyUsage.ServerAuthentication, hostName ?? string.Empty);

    private string? Check(X509Certificate2? certificate, X509Chain? chain, string? usage, string? hostName)
    {
        if (certificate is null)
        {
            return "no certificate was presented";
        }

        CaPoolTrust trust = _current.Trust;
        try
        {
            // The handshake's own chain when SslStream built it with the current pool's policy
            // (what the listener and the client set up): building it again would only repeat it.
            if (chain is not null && trust.Built(chain, certificate))
            {
                X509ChainStatusFlags problems = PeerRefusal.Problems(chain);
                return problems == X509ChainStatusFlags.NoError
                    ? Judge(certificate, chain.ChainElements, usage, hostName)
                    : PeerRefusal.Describe(certificate, problems);
            }

            return CheckOwnChain(trust, certificate, chain, usage, hostName);
        }
        catch (CryptographicException e)
        {
            return "the certificate could not be checked: " + e.Message;
        }
    }

    // A chain built with another policy (system trust, a CA pool since replaced) or none: only the
    // certificates the peer sent along are taken from it, its verdict is not.
    private string? CheckOwnChain(CaPoolTrust trust, X509Certificate2 certificate, X509Chain? sent, string? usage, string? hostName)
    {
        using X509Chain ownChain = trust.NewChain(sent);
        try
        {
            return ownChain.Build(certificate)
                ? Judge(certificate, ownChain.ChainElements, usage, hostName)
                : PeerRefusal.Describe(certificate, PeerRefusal.Problems(ownChain));
        }
        finally
        {
            foreach (X509ChainElement element in ownChain.ChainElements)
            {
                if (!ReferenceEquals(element.Certificate, certificate))
                {
                    element.Certificate.Dispose();
                }
            }
        }
    }

    /// <summary>The rules beyond a valid chain to the pool: key usage, allow-list, host name (none of them for <see cref="CheckPeer"/>).</summary>
    private string? Judge(X509Certificate2 certificate, X509ChainElementCollection chain, string? usage, string? hostName)
    {
        if (usage is null)
        {
            return null;
        }

        return ExtendedKeyUsage.Check(chain, usage)
            ?? Policy.CheckIdentity(certificate)
            ?? (hostName is null ? null : Policy.CheckServerHostName(certificate, hostName));
    }

    /// <summary>The client-side certificate context of the current generation, built once per generation so that every connection presents the same chain.</summary>
    internal SslStreamCertificateContext ClientCertificateContext => _current.ClientContext;

    /// <summary>The server-side certificate context of the current generation, with the CA pool's names for the CertificateRequest.</summary>
    internal SslStreamCertificateContext ServerCertificateContext => _current.ServerContext;

    /// <summary>The chain policy of the current generation's CA pool, for SslStream to build the peer's chain with (see <see cref="CaPoolTrust"/>).</summary>
    internal X509ChainPolicy PeerChainPolicy => _current.Trust.Policy;

    /// <summary>Stops watching the files and disposes the certificates. Do not dispose while a client or listener still uses the credentials.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _watcher?.Dispose();
        lock (_rotation)
        {
            _current.Dispose();
            foreach (TlsMaterial old in _retired)
            {
                old.Dispose();
            }

            _retired.Clear();
        }
    }

    private static void Require(string value, string parameterName, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"Secure mode needs a {what}: {parameterName} is missing.", parameterName);
        }
    }
}
