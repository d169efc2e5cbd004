using System;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace RaftSdk.Tls;

/// <summary>Puts why a peer certificate failed the chain check into words an operator can act on.</summary>
internal static class PeerRefusal
{
    /// <summary>
    /// What is wrong with a built chain, all elements together. NotValidForUsage is left out: it
    /// is .NET's reading of the key usage SslStream asks for (leaf and every CA listing it);
    /// Go's rule (<see cref="ExtendedKeyUsage"/>) judges key usage here instead.
    /// </summary>
    public static X509ChainStatusFlags Problems(X509Chain chain)
    {
        X509ChainStatusFlags flags = X509ChainStatusFlags.NoError;
        foreach (X509ChainStatus status in chain.ChainStatus)
        {
            flags |= status.Status;
        }

        return flags & ~X509ChainStatusFlags.NotValidForUsage;
    }

    /// <summary>Why the chain check failed, given its <see cref="Problems"/>.</summary>
    public static string Describe(X509Certificate2 certificate, X509ChainStatusFlags flags)
    {
        DateTime now = DateTime.Now;
        if (certificate.NotAfter < now)
        {
            return "the certificate expired on " + Utc(certificate.NotAfter);
        }

        if (certificate.NotBefore > now)
        {
            return "the certificate is not valid before " + Utc(certificate.NotBefore);
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            return "a certificate of its chain is expired or not yet valid";
        }

        if (string.Equals(certificate.Subject, certificate.Issuer, StringComparison.Ordinal))
        {
            return "the certificate is self-signed and not in the CA pool";
        }

        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
        {
            return "the certificate was issued by '" + certificate.Issuer + "', which does not chain to the CA pool";
        }

        return "the certificate chain is invalid: " + flags.ToString();
    }

    private static string Utc(DateTime local) => local.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
