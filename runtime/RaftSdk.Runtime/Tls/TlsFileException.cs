using System;
using System.IO;

namespace RaftSdk.Tls;

/// <summary>Which of the three PEM files of secure mode a problem is about.</summary>
internal enum TlsFileRole
{
    PrivateKey,
    Certificate,
    CertificateAuthorities,
}

/// <summary>
/// A TLS file that does not hold what it should. It keeps which file and what is wrong with it apart,
/// so that the hosting layer can name the setting (<c>RaftSdk:Tls:KeyFile (node1.crt) holds a
/// certificate, not a private key</c>) where a direct caller of <see cref="RaftTlsCredentials.Load"/>
/// reads the file's role (<c>The private key file 'node1.crt' holds a certificate, not a private key.</c>).
/// The public API throws it as the documented <see cref="InvalidDataException"/> (<see cref="ToInvalidData"/>).
/// </summary>
internal sealed class TlsFileException : Exception
{
    private readonly string _problem;
    private readonly string? _detail;

    /// <param name="role">The file that is wrong.</param>
    /// <param name="path">Its path, as given.</param>
    /// <param name="problem">What is wrong, as a predicate ("holds no PEM private key"); <c>{0}</c> stands for <paramref name="other"/>.</param>
    /// <param name="other">The other file the problem is about, if any (the certificate a key does not match).</param>
    /// <param name="inner">The failure underneath, if any.</param>
    /// <param name="detail">What the platform said, appended after a colon, if anything.</param>
    public TlsFileException(TlsFileRole role, string path, string problem, (TlsFileRole Role, string Path)? other = null, Exception? inner = null, string? detail = null)
        : base(Sentence(Describe(RoleName, role, path, problem, other, detail)), inner)
    {
        Role = role;
        Path = path;
        _problem = problem;
        _detail = detail;
        Other = other;
    }

    public TlsFileRole Role { get; }

    public string Path { get; }

    public (TlsFileRole Role, string Path)? Other { get; }

    /// <summary>The same failure as the type the public API documents, with this one inside.</summary>
    public InvalidDataException ToInvalidData() => new InvalidDataException(Message, this);

    /// <summary>The problem with each file named by <paramref name="name"/> (from its role and path), without a final period.</summary>
    public string Describe(Func<TlsFileRole, string, string> name) => Describe(name, Role, Path, _problem, Other, _detail);

    private static string Describe(Func<TlsFileRole, string, string> name, TlsFileRole role, string path, string problem, (TlsFileRole Role, string Path)? other, string? detail)
    {
        string predicate = other is { } file ? string.Format(System.Globalization.CultureInfo.InvariantCulture, problem, name(file.Role, file.Path)) : problem;
        string text = name(role, path) + " " + predicate;
        return detail is null ? text : text + ": " + detail.TrimEnd('.');
    }

    private static string RoleName(TlsFileRole role, string path)
    {
        string what = role switch
        {
            TlsFileRole.PrivateKey => "private key",
            TlsFileRole.Certificate => "certificate",
            _ => "CA",
        };
        return $"the {what} file '{path}'";
    }

    private static string Sentence(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1) + ".";
}
