using System;
using System.IO;
using RaftSdk.Tls;

namespace RaftSdk.Benchmarks;

/// <summary>
/// The throwaway mutual-TLS material of a benchmark run: one CA (made by
/// <see cref="DevelopmentCertificateAuthority"/>) and two node certificates, <c>server/</c> and
/// <c>client/</c>, each as key.pem, cert.pem and ca.pem. Never use these files for anything else.
/// </summary>
internal static class BenchPki
{
    public static NodeCertificateFiles ServerFiles(string directory) => Files(directory, "server");

    public static NodeCertificateFiles ClientFiles(string directory) => Files(directory, "client");

    /// <summary>Creates the CA and both node certificates in <paramref name="directory"/> unless they are there.</summary>
    public static void EnsureCreated(string directory)
    {
        if (File.Exists(ServerFiles(directory).CertificateFile) && File.Exists(ClientFiles(directory).CertificateFile))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        using DevelopmentCertificateAuthority authority = DevelopmentCertificateAuthority.Create("RaftSdk benchmark CA (throwaway)");
        authority.WriteNodeFiles(directory, "server");
        authority.WriteNodeFiles(directory, "client");
    }

    public static string NewTemporaryDirectory() =>
        Path.Combine(Path.GetTempPath(), "raftsdk-bench-pki-" + Guid.NewGuid().ToString("N"));

    private static NodeCertificateFiles Files(string directory, string node) =>
        new(Path.Combine(directory, node, "key.pem"), Path.Combine(directory, node, "cert.pem"), Path.Combine(directory, node, "ca.pem"));
}
