using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Configuration;

namespace RaftSdk.Hosting;

/// <summary>
/// Reads <see cref="RaftNodeOptions"/> from configuration by hand: no reflection (the runtime is
/// trimmable and AOT-safe), and a value that does not parse or a key nobody reads becomes a
/// validation error naming the key, reported when the host starts, instead of an exception at
/// some later first use.
/// </summary>
internal static class RaftNodeOptionsBinder
{
    /// <param name="section">The <c>RaftSdk</c> section.</param>
    /// <param name="options">The options to fill.</param>
    /// <param name="ownedSections">Sections under it that an integration reads (<see cref="RaftSdkBuilderExtensions.AddSettingsSection"/>): left to their owner, not refused as unknown.</param>
    public static void Bind(IConfiguration section, RaftNodeOptions options, IEnumerable<RaftSdkSettingsSection> ownedSections)
    {
        var owned = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (RaftSdkSettingsSection ownedSection in ownedSections)
        {
            owned.Add(ownedSection.Key);
        }

        string path = section is IConfigurationSection s ? s.Path : RaftNodeOptions.SectionName;
        options.Path = path;
        foreach (IConfigurationSection child in section.GetChildren())
        {
            string key = child.Path;
            switch (child.Key.ToUpperInvariant())
            {
                case "PORT":
                    Read<int>(child, options, int.TryParse, v => options.Port = v, "a whole number");
                    break;
                case "BINDADDRESS":
                    options.BindAddress = child.Value ?? options.BindAddress;
                    break;
                case "SHUTDOWNTIMEOUT":
                    Read<TimeSpan>(child, options, TryParseTimeSpan, v => options.ShutdownTimeout = v, "a time span such as 00:00:05");
                    break;
                case "MAXREQUESTBODYSIZE":
                    Read<long>(child, options, long.TryParse, v => options.MaxRequestBodySize = v, "a number of bytes");
                    break;
                case "REQUESTTIMEOUT":
                    Read<TimeSpan>(child, options, TryParseTimeSpan, v => options.RequestTimeout = v, "a time span such as 00:00:10");
                    break;
                case "MAXRESPONSEBODYSIZE":
                    Read<int>(child, options, int.TryParse, v => options.MaxResponseBodySize = v, "a number of bytes");
                    break;
                case "TLS":
                    BindTls(child, options);
                    break;
                case var _ when owned.Contains(child.Key):
                    break;
                default:
                    string known = string.Join(", ", new[] { "Port", "BindAddress", "ShutdownTimeout", "MaxRequestBodySize", "RequestTimeout", "MaxResponseBodySize", "Tls" }.Concat(owned));
                    options.BindErrors.Add($"{key}: not a RaftSdk setting (known: {known}).");
                    break;
            }
        }
    }

    private static void BindTls(IConfigurationSection section, RaftNodeOptions options)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            switch (child.Key.ToUpperInvariant())
            {
                case "KEYFILE":
                    options.Tls.KeyFile = child.Value;
                    break;
                case "CERTIFICATEFILE":
                    options.Tls.CertificateFile = child.Value;
                    break;
                case "CAFILE":
                    options.Tls.CaFile = child.Value;
                    break;
                case "ALLOWEDCOMMONNAMES":
                    ReadList(child, options.Tls.AllowedCommonNames);
                    break;
                case "ALLOWEDHOSTNAMES":
                    ReadList(child, options.Tls.AllowedHostNames);
                    break;
                case "VERIFYSERVERHOSTNAME":
                    ReadBool(child, options, v => options.Tls.VerifyServerHostName = v);
                    break;
                case "WATCHFILES":
                    ReadBool(child, options, v => options.Tls.WatchFiles = v);
                    break;
                case "RELOADDELAY":
                    Read<TimeSpan>(child, options, TryParseTimeSpan, v => options.Tls.ReloadDelay = v, "a time span such as 00:00:01");
                    break;
                default:
                    options.BindErrors.Add($"{child.Path}: not a RaftSdk TLS setting (known: KeyFile, CertificateFile, CaFile, AllowedCommonNames, AllowedHostNames, VerifyServerHostName, WatchFiles, ReloadDelay).");
                    break;
            }
        }
    }

    /// <summary>A list as configuration writes it (<c>Key:0</c>, <c>Key:1</c>, ...) or as one comma-separated value.</summary>
    private static void ReadList(IConfigurationSection section, List<string> list)
    {
        list.Clear();
        if (section.Value is string text)
        {
            list.AddRange(text.Split(',', StringSplitOptions.TrimEntries));
            return;
        }

        foreach (IConfigurationSection item in section.GetChildren())
        {
            list.Add(item.Value?.Trim() ?? string.Empty);
        }
    }

    private static void ReadBool(IConfigurationSection child, RaftNodeOptions options, Action<bool> set)
    {
        if (child.Value is string text && bool.TryParse(text.Trim(), out bool value))
        {
            set(value);
            return;
        }

        options.BindErrors.Add($"{child.Path}: '{child.Value}' is not true or false.");
    }

    private delegate bool TryParse<T>(string text, NumberStyles style, IFormatProvider provider, out T value);

    private static void Read<T>(IConfigurationSection child, RaftNodeOptions options, TryParse<T> parse, Action<T> set, string expected)
    {
        if (child.Value is string text && parse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out T value))
        {
            set(value);
            return;
        }

        options.BindErrors.Add($"{child.Path}: '{child.Value}' is not {expected}.");
    }

    private static bool TryParseTimeSpan(string text, NumberStyles style, IFormatProvider provider, out TimeSpan value) =>
        TimeSpan.TryParse(text, provider, out value);
}
