using System.IO;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace RaftSdk.Tls;

/// <summary>PEM helpers of secure mode, after the Go original's <c>LoadCertPool</c>.</summary>
public static class RaftTls
{
    /// <summary>
    /// Loads every certificate of a PEM file into a pool of trusted certificate authorities.
    /// Blocks that are not certificates, or that do not parse, are skipped, as in the original.
    /// </summary>
    /// <param name="path">The PEM file.</param>
    /// <returns>All certificates of the file, in file order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file holds no parsable certificate.</exception>
    public static X509Certificate2Collection LoadCertPool(string path)
    {
        try
        {
            return ReadCertPool(path);
        }
        catch (TlsFileException e)
        {
            throw e.ToInvalidData();
        }
    }

    /// <summary><see cref="LoadCertPool"/>, throwing <see cref="TlsFileException"/> for a file without certificates.</summary>
    internal static X509Certificate2Collection ReadCertPool(string path)
    {
        string text = ReadPemFile(path, "CA");
        List<X509Certificate2> certificates = PemCertificates.Read(text);
        if (certificates.Count == 0)
        {
            throw new TlsFileException(TlsFileRole.CertificateAuthorities, path, PemLabels.CertificateProblem(text));
        }

        return new X509Certificate2Collection(certificates.ToArray());
    }

    internal static string ReadPemFile(string path, string role)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The {role} file '{path}' does not exist.", path);
        }

        return File.ReadAllText(path);
    }
}
