using System;
using System.Security.Cryptography.X509Certificates;

namespace RaftSdk.Tls;

/// <summary>
/// The CA pool of one generation as the chain policy a peer's chain is built with: the pool as
/// the only trust anchors, no revocation check, no certificate downloads, the current time.
/// The listener and the client hand <see cref="Policy"/> to SslStream, so the chain it builds
/// in the handshake is the one to judge (<see cref="Built"/> tells such a chain apart) and no
/// second chain is built; a chain built otherwise (another policy, an older pool) is built again
/// with <see cref="NewChain"/>.
/// </summary>
internal sealed class CaPoolTrust
{
    public CaPoolTrust(X509Certificate2Collection authorities)
    {
        // Copies of the pool (each holding its own reference), left to the GC: a pooled HTTP
        // handler keeps the policy of the generation it was made in for its whole life, longer
        // than the generation's own certificates live (they are disposed a while after a rotation).
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            VerificationFlags = X509VerificationFlags.NoFlag,
            DisableCertificateDownloads = true,
        };
        foreach (X509Certificate2 authority in authorities)
        {
            policy.CustomTrustStore.Add(new X509Certificate2(authority));
        }

        Policy = policy;
    }

    /// <summary>The policy to give SslStream (it clones it per handshake); never changed after construction.</summary>
    public X509ChainPolicy Policy { get; }

    /// <summary>
    /// True when <paramref name="chain"/> was built for <paramref name="leaf"/> with this policy
    /// (a clone of it, to which SslStream added the peer's certificates and the key usage it
    /// asks for), so that its verdict is this pool's.
    /// </summary>
    public bool Built(X509Chain chain, X509Certificate2 leaf)
    {
        X509ChainPolicy built = chain.ChainPolicy;
        if (built.TrustMode != X509ChainTrustMode.CustomRootTrust
            || built.RevocationMode != X509RevocationMode.NoCheck
            || built.VerificationFlags != X509VerificationFlags.NoFlag
            || !built.DisableCertificateDownloads
            || !built.VerificationTimeIgnored
            || built.CertificatePolicy.Count != 0
            || !SameCertificates(built.CustomTrustStore, Policy.CustomTrustStore))
        {
            return false;
        }

        X509ChainElementCollection elements = chain.ChainElements;
        return elements.Count > 0 && Same(elements[0].Certificate, leaf);
    }

    /// <summary>A chain of this policy, knowing the certificates the peer sent along (the extra store of <paramref name="sent"/>).</summary>
    public X509Chain NewChain(X509Chain? sent)
    {
        var chain = new X509Chain { ChainPolicy = Policy.Clone() };
        if (sent is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
        }

        return chain;
    }

    private static bool SameCertificates(X509Certificate2Collection a, X509Certificate2Collection b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (!Same(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(X509Certificate2 a, X509Certificate2 b) =>
        ReferenceEquals(a, b) || a.RawDataMemory.Span.SequenceEqual(b.RawDataMemory.Span);
}
