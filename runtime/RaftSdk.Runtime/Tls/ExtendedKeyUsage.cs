using System.Security.Cryptography.X509Certificates;

namespace RaftSdk.Tls;

/// <summary>
/// The extended-key-usage rule of Go's crypto/x509 (<c>checkChainForKeyUsage</c>), which a Go
/// peer applies: every certificate of the chain, leaf to root, that carries the extension must
/// list the usage asked for or <c>anyExtendedKeyUsage</c>; a certificate without the extension
/// allows every usage. So a CA restricted to serverAuth cannot vouch for a client.
/// </summary>
internal static class ExtendedKeyUsage
{
    /// <summary>serverAuth (1.3.6.1.5.5.7.3.1): what a server certificate must allow.</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>clientAuth (1.3.6.1.5.5.7.3.2): what a client certificate must allow.</summary>
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private const string AnyExtendedKeyUsage = "2.5.29.37.0";
    private const string ExtensionOid = "2.5.29.37";

    /// <summary>Null when every certificate of <paramref name="chain"/> allows <paramref name="usage"/>, else why not.</summary>
    public static string? Check(X509ChainElementCollection chain, string usage)
    {
        for (int i = 0; i < chain.Count; i++)
        {
            X509Certificate2 certificate = chain[i].Certificate;
            if (certificate.Extensions[ExtensionOid] is not X509EnhancedKeyUsageExtension extension || Allows(extension, usage))
            {
                continue;
            }

            string role = usage == ClientAuthentication ? "client authentication (clientAuth)" : "server authentication (serverAuth)";
            string whose = i == 0 ? "the certificate" : "the CA certificate '" + certificate.Subject + "' of its chain";
            return $"{whose} does not allow {role}: its extended key usage is {Describe(extension)} (a certificate with an incompatible key usage, as Go's crypto/x509 refuses it)";
        }

        return null;
    }

    private static bool Allows(X509EnhancedKeyUsageExtension extension, string usage)
    {
        foreach (System.Security.Cryptography.Oid oid in extension.EnhancedKeyUsages)
        {
            if (oid.Value == usage || oid.Value == AnyExtendedKeyUsage)
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(X509EnhancedKeyUsageExtension extension)
    {
        var names = new System.Collections.Generic.List<string>();
        foreach (System.Security.Cryptography.Oid oid in extension.EnhancedKeyUsages)
        {
            names.Add(oid.Value switch
            {
                ServerAuthentication => "serverAuth",
                ClientAuthentication => "clientAuth",
                _ => oid.Value ?? "?",
            });
        }

        return names.Count == 0 ? "empty" : string.Join(", ", names);
    }
}
