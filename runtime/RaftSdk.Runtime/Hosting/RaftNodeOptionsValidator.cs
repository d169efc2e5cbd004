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
internal sealed class RaftNodeOptionsValidator : IValidateOptions<RaftNodeOptions>
{
    public ValidateOptionsResult Validate(string? name, RaftNodeOptions options)
    {
        var failures = new List<string>(options.BindErrors);
        string path = options.Path;
        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{path}:Port: {options.Port} is not a TCP port (0-65535; 0 takes any free port).");
        }

        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add($"{path}:BindAddress: '{options.BindAddress}' is not an IP address (for example 0.0.0.0, 127.0.0.1 or ::).");
        }

        if (options.ShutdownTimeout < TimeSpan.Zero)
        {
            failures.Add($"{path}:ShutdownTimeout: {options.ShutdownTimeout} is negative.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{path}:RequestTimeout: {options.RequestTimeout} must be positive.");
        }

        if (options.MaxRequestBodySize <= 0)
        {
            failures.Add($"{path}:MaxRequestBodySize: {options.MaxRequestBodySize} must be positive.");
        }

        if (options.MaxResponseBodySize <= 0)
        {
            failures.Add($"{path}:MaxResponseBodySize: {options.MaxResponseBodySize} must be positive.");
        }

        ValidateTls(path + ":Tls", options.Tls, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateTls(string path, RaftTlsFileOptions tls, List<string> failures)
    {
        ValidatePeerRules(path, tls, failures);
        if (!tls.IsConfigured)
        {
            return;
        }

        int before = failures.Count;
        CheckFile(path + ":KeyFile", tls.KeyFile, failures);
        CheckFile(path + ":CertificateFile", tls.CertificateFile, failures);
        CheckFile(path + ":CaFile", tls.CaFile, failures);
        if (failures.Count != before)
        {
            return;
        }

        // Every file is there and readable: now their contents (a CA file with no certificate,
        // a key that does not match the certificate, ...).
        try
        {
            using RaftTlsCredentials credentials = RaftTlsCredentials.Load(tls.KeyFile!, tls.CertificateFile!, tls.CaFile!);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            failures.Add($"{path}: the files {tls.KeyFile}, {tls.CertificateFile} and {tls.CaFile} do not make TLS credentials: {e.Message}");
        }
    }

    private static void ValidatePeerRules(string path, RaftTlsFileOptions tls, List<string> failures)
    {
        bool rulesSet = tls.AllowedCommonNames.Count > 0 || tls.AllowedHostNames.Count > 0 || tls.VerifyServerHostName;
        if (rulesSet && !tls.IsConfigured)
        {
            failures.Add($"{path}: AllowedCommonNames, AllowedHostNames and VerifyServerHostName apply to mutual TLS, but KeyFile, CertificateFile and CaFile are not set.");
        }

        CheckNames(path + ":AllowedCommonNames", tls.AllowedCommonNames, isHostName: false, failures);
        CheckNames(path + ":AllowedHostNames", tls.AllowedHostNames, isHostName: true, failures);
        if (tls.ReloadDelay <= TimeSpan.Zero)
        {
            failures.Add($"{path}:ReloadDelay: {tls.ReloadDelay} must be positive.");
        }
    }

    private static void CheckNames(string key, List<string> names, bool isHostName, List<string> failures)
    {
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            if (name.Length == 0)
            {
                failures.Add($"{key}: entry {i} is empty (an empty name would match no certificate).");
            }
            else if (isHostName && Uri.CheckHostName(name) == UriHostNameType.Unknown)
            {
                failures.Add($"{key}: '{name}' is not a DNS name or IP address (a peer's certificate must be valid for it; wildcards belong in certificates, not here).");
            }
        }
    }

    private static void CheckFile(string key, string? file, List<string> failures)
    {
        if (string.IsNullOrEmpty(file))
        {
            failures.Add($"{key}: missing; KeyFile, CertificateFile and CaFile are set together or not at all.");
            return;
        }

        if (!File.Exists(file))
        {
            failures.Add($"{key}: the file '{file}' does not exist (full path '{System.IO.Path.GetFullPath(file)}').");
            return;
        }

        try
        {
            using FileStream stream = File.OpenRead(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failures.Add($"{key}: the file '{file}' cannot be read: {e.Message}");
        }
    }
}
