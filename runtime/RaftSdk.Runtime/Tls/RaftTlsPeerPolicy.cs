using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace RaftSdk.Tls;

/// <summary>
/// Who may be a peer beyond "any certificate of the CA pool" (section <c>RaftSdk:Tls</c>): an
/// allow-list of identities, as etcd's <c>--peer-cert-allowed-cn</c> and
/// <c>--peer-cert-allowed-hostname</c>, applied to every peer certificate (clients calling this
/// node and servers it calls), and a host-name check of the servers this node calls. Both are
/// off by default, so nodes can be addressed by IP or any name, as in the Go original.
/// </summary>
public sealed class RaftTlsPeerPolicy
{
    /// <summary>No allow-list, no host-name check.</summary>
    public static readonly RaftTlsPeerPolicy None = new();

    /// <summary>
    /// <c>AllowedCommonNames</c>: a peer whose subject common name is one of these (exactly, case
    /// included) may connect. Empty, the default: no check by common name.
    /// </summary>
    public IReadOnlyList<string> AllowedCommonNames { get; init; } = Array.Empty<string>();

    /// <summary>
    /// <c>AllowedHostNames</c>: a peer whose certificate is valid for one of these host names or
    /// IP addresses (as Go's <c>VerifyHostname</c>: a DNS subject alternative name, which may be a
    /// wildcard such as <c>*.peers.example</c>, or an IP one; the common name is not used) may
    /// connect. Empty, the default: no check by host name.
    /// </summary>
    public IReadOnlyList<string> AllowedHostNames { get; init; } = Array.Empty<string>();

    /// <summary>
    /// <c>VerifyServerHostName</c>: when true, a server this node calls must present a
    /// certificate valid for the host name or IP address the call was addressed to (subject
    /// alternative names only, as Go). False, the default, as the Go original.
    /// </summary>
    public bool VerifyServerHostName { get; init; }

    /// <summary>True when either allow-list has an entry: a peer must then match one of them.</summary>
    public bool RestrictsIdentity => AllowedCommonNames.Count > 0 || AllowedHostNames.Count > 0;

    /// <summary>Null when <paramref name="certificate"/> names an allowed identity (or no allow-list is set), else why not.</summary>
    internal string? CheckIdentity(X509Certificate2 certificate)
    {
        if (!RestrictsIdentity)
        {
            return null;
        }

        string commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        foreach (string allowed in AllowedCommonNames)
        {
            if (string.Equals(commonName, allowed, StringComparison.Ordinal))
            {
                return null;
            }
        }

        foreach (string allowed in AllowedHostNames)
        {
            if (certificate.MatchesHostname(allowed, allowWildcards: true, allowCommonName: false))
            {
                return null;
            }
        }

        return $"the certificate '{certificate.Subject}' names no allowed peer identity (AllowedCommonNames: {List(AllowedCommonNames)}; AllowedHostNames: {List(AllowedHostNames)})";
    }

    /// <summary>Null when the host-name check is off or <paramref name="certificate"/> is valid for <paramref name="hostName"/>, else why not.</summary>
    internal string? CheckServerHostName(X509Certificate2 certificate, string? hostName)
    {
        if (!VerifyServerHostName)
        {
            return null;
        }

        if (string.IsNullOrEmpty(hostName))
        {
            return "the host-name check is on but the call named no host";
        }

        return certificate.MatchesHostname(hostName, allowWildcards: true, allowCommonName: false)
            ? null
            : $"the certificate '{certificate.Subject}' is not valid for the host name '{hostName}' (none of its subject alternative names matches)";
    }

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
