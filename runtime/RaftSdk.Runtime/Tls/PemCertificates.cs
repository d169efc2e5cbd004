using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RaftSdk.Tls;

/// <summary>Reads every certificate of a PEM text, skipping blocks that do not parse.</summary>
internal static class PemCertificates
{
    private const string CertificateLabel = "CERTIFICATE";

    // Like Go's CertPool.AppendCertsFromPEM: other PEM blocks and broken certificates are skipped
    // rather than failing the whole file, so a bundle with one odd entry still loads.
    public static List<X509Certificate2> Read(string pemText)
    {
        var certificates = new List<X509Certificate2>();
        ReadOnlySpan<char> remaining = pemText;
        while (PemEncoding.TryFind(remaining, out PemFields fields))
        {
            // PemFields ranges index the span that was searched, not the block.
            if (remaining[fields.Label].SequenceEqual(CertificateLabel))
            {
                X509Certificate2? certificate = TryCreate(remaining[fields.Location]);
                if (certificate is not null)
                {
                    certificates.Add(certificate);
                }
            }

            remaining = remaining[fields.Location.End..];
        }

        return certificates;
    }

    private static X509Certificate2? TryCreate(ReadOnlySpan<char> block)
    {
        try
        {
            return X509Certificate2.CreateFromPem(block);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
