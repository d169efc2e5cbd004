using System;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace RaftSdk.Tls;

/// <summary>What kinds of PEM blocks a text holds, to say what is wrong with a file that holds the wrong kind.</summary>
internal static class PemLabels
{
    /// <summary>The unencrypted private key forms that <see cref="System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(ReadOnlySpan{char}, ReadOnlySpan{char})"/> reads.</summary>
    private static readonly string[] PlainKeys = { "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" };

    public static HashSet<string> In(string pemText)
    {
        var labels = new HashSet<string>(StringComparer.Ordinal);
        ReadOnlySpan<char> remaining = pemText;
        while (PemEncoding.TryFind(remaining, out PemFields fields))
        {
            labels.Add(remaining[fields.Label].ToString());
            remaining = remaining[fields.Location.End..];
        }

        return labels;
    }

    public static bool HasPlainKey(HashSet<string> labels) => Array.Exists(PlainKeys, labels.Contains);

    public static bool HasAnyKey(HashSet<string> labels) => HasPlainKey(labels) || labels.Contains("ENCRYPTED PRIVATE KEY");

    /// <summary>Why a key file holds no usable key; null when it holds one.</summary>
    public static string? KeyProblem(string pemText)
    {
        HashSet<string> labels = In(pemText);
        if (HasPlainKey(labels))
        {
            return null;
        }

        if (labels.Contains("ENCRYPTED PRIVATE KEY"))
        {
            return "holds an encrypted private key (secure mode reads unencrypted keys only)";
        }

        return labels.Contains("CERTIFICATE")
            ? "holds a certificate, not a private key"
            : "holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)";
    }

    /// <summary>Why a file meant to hold certificates holds none that parses.</summary>
    public static string CertificateProblem(string pemText)
    {
        HashSet<string> labels = In(pemText);
        return HasAnyKey(labels) && !labels.Contains("CERTIFICATE")
            ? "holds a private key, not a certificate"
            : "holds no parsable PEM certificate";
    }
}
