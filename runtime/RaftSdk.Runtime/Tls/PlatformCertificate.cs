using System;
using System.Security.Cryptography.X509Certificates;

namespace RaftSdk.Tls;

/// <summary>Makes a PEM-loaded certificate usable by SslStream on every platform.</summary>
internal static class PlatformCertificate
{
    // PEM loading gives an ephemeral key; SChannel on Windows cannot use those for TLS, so the
    // certificate is round-tripped through PKCS#12 there. Linux and macOS use it as it is.
    public static X509Certificate2 WithUsableKey(X509Certificate2 certificate)
    {
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        using (certificate)
        {
            byte[] pkcs12 = certificate.Export(X509ContentType.Pkcs12);
#if NET9_0_OR_GREATER
            return X509CertificateLoader.LoadPkcs12(pkcs12, null);
#else
            return new X509Certificate2(pkcs12);
#endif
        }
    }
}
