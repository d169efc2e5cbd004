using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using Microsoft.Extensions.Options;
using RaftSdk.Tls;

namespace RaftSdk.Hosting;

/// <summary>
/// Checks <see cref="RaftNodeOptions"/> when the host starts (ValidateOnStart): every failure
/// names the configuration key and, for files, the path, so a node with a typo in its
/// configuration stops at once and says where, instead of failing its first peer call.
/// </summary>
/// <remarks>
/// Options joins the failures with "; " (<see cref="OptionsValidationException.Message"/>), so each is a
/// clause: no period at its end and no "; " inside.
/// </remarks>
internal sealed class RaftNodeOptionsValidator : IValidateOptions<RaftNodeOptions>
{
    public ValidateOptionsResult Validate(string? name, RaftNodeOptions options)
    {
        var failures = new List<string>(options.BindErrors);
        string path = options.Path;
        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{path}:Port: {options.Port} is not a TCP port (0-65535, where 0 takes any free port)");
        }

        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add($"{path}:BindAddress: '{options.BindAddress}' is not an IP address (for example 0.0.0.0, 127.0.0.1 or ::)");
        }

        if (options.ShutdownTimeout < TimeSpan.Zero)
        {
            failures.Add($"{path}:ShutdownTimeout: {options.ShutdownTimeout} is negative");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{path}:RequestTimeout: {options.RequestTimeout} must be positive");
        }

        if (options.MaxRequestBodySize <= 0)
        {
            failures.Add($"{path}:MaxRequestBodySize: {options.MaxRequestBodySize} must be positive");
        }

        if (options.MaxResponseBodySize <= 0)
        {
            failures.Add($"{path}:MaxResponseBodySize: {options.MaxResponseBodySize} must be positive");
        }

        ValidateTls(path + ":Tls", options.Tls, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures.ConvertAll(Clause));
    }

    /// <summary>How a failure names one TLS file: the setting and, in parentheses, its value.</summary>
    internal static string TlsSetting(string tlsPath, TlsFileRole role, string file)
    {
        string key = role switch
        {
            TlsFileRole.PrivateKey => "KeyFile",
            TlsFileRole.Certificate => "CertificateFile",
            _ => "CaFile",
        };
        return $"{tlsPath}:{key} ({file})";
    }

    /// <summary>The binder's texts and exception messages end in a period: drop it, as the failures are joined into one sentence.</summary>
    private static string Clause(string failure) => failure.EndsWith('.') ? failure[..^1] : failure;

    private static void ValidateTls(string path, RaftTlsFileOptions tls, List<string> failures)
    {
        ValidatePeerRules(path, tls, failures);
        if (!tls.IsConfigured)
        {
            return;
        }

        if (MissingTlsFiles(path, tls) is string missing)
        {
            failures.Add(missing);
            return;
        }

        int before = failures.Count;
        CheckFile(path, TlsFileRole.PrivateKey, tls.KeyFile!, failures);
        CheckFile(path, TlsFileRole.Certificate, tls.CertificateFile!, failures);
        CheckFile(path, TlsFileRole.CertificateAuthorities, tls.CaFile!, failures);
        if (failures.Count != before)
        {
            return;
        }

        // Every file is there and readable: now their contents (a CA file with no certificate,
        // a key that does not match the certificate, ...).
        try
        {
            using RaftTlsCredentials credentials = RaftTlsCredentials.LoadFiles(tls.KeyFile!, tls.CertificateFile!, tls.CaFile!);
        }
        catch (TlsFileException e)
        {
            failures.Add(e.Describe((role, file) => TlsSetting(path, role, file)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            failures.Add($"{path}: loading the TLS files failed: {e.Message}");
        }
    }

    private static void ValidatePeerRules(string path, RaftTlsFileOptions tls, List<string> failures)
    {
        bool rulesSet = tls.AllowedCommonNames.Count > 0 || tls.AllowedHostNames.Count > 0 || tls.VerifyServerHostName;
        if (rulesSet && !tls.IsConfigured)
        {
            failures.Add($"{path}: AllowedCommonNames, AllowedHostNames and VerifyServerHostName apply to mutual TLS, but KeyFile, CertificateFile and CaFile are not set");
        }

        CheckNames(path + ":AllowedCommonNames", tls.AllowedCommonNames, isHostName: false, failures);
        CheckNames(path + ":AllowedHostNames", tls.AllowedHostNames, isHostName: true, failures);
        if (tls.ReloadDelay <= TimeSpan.Zero)
        {
            failures.Add($"{path}:ReloadDelay: {tls.ReloadDelay} must be positive");
        }
    }

    private static void CheckNames(string key, List<string> names, bool isHostName, List<string> failures)
    {
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            if (name.Length == 0)
            {
                failures.Add($"{key}: entry {i} is empty (an empty name would match no certificate)");
            }
            else if (isHostName && Uri.CheckHostName(name) == UriHostNameType.Unknown)
            {
                failures.Add($"{key}: '{name}' is not a DNS name or IP address (a peer's certificate must be valid for it, and wildcards belong in certificates, not here)");
            }
        }
    }

    /// <summary>One failure for a partial TLS section, naming what is set and what is not; null when all three are set.</summary>
    private static string? MissingTlsFiles(string path, RaftTlsFileOptions tls)
    {
        var set = new List<string>();
        var unset = new List<string>();
        foreach ((string key, string? value) in new[] { ("KeyFile", tls.KeyFile), ("CertificateFile", tls.CertificateFile), ("CaFile", tls.CaFile) })
        {
            (string.IsNullOrEmpty(value) ? unset : set).Add($"{path}:{key}");
        }

        return unset.Count == 0
            ? null
            : $"{string.Join(" and ", unset)} {(unset.Count == 1 ? "is" : "are")} not set but {string.Join(" and ", set)} {(set.Count == 1 ? "is" : "are")}: the three TLS files are set together or not at all";
    }

    private static void CheckFile(string path, TlsFileRole role, string file, List<string> failures)
    {
        string setting = TlsSetting(path, role, file);
        if (!File.Exists(file))
        {
            string full = System.IO.Path.GetFullPath(file);
            failures.Add(full == file ? $"{setting} does not exist" : $"{setting} does not exist (full path {full})");
            return;
        }

        try
        {
            using FileStream stream = File.OpenRead(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failures.Add($"{setting} cannot be read: {e.Message}");
        }
    }
}
