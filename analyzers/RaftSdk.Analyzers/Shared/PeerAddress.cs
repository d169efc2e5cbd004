using System.Collections.Generic;
using System.Globalization;

namespace RaftSdk.Analyzers.Shared;

/// <summary>
/// Checks a constant peer address against the form the transport expects: <c>host:port</c>, where the
/// host may be a bracketed IPv6 literal (<c>[::1]:9000</c>), as the Go original's addresses are. Shared
/// by RAFT103 and its code fix, so both agree on what is wrong and what the repaired text is.
/// </summary>
internal sealed class PeerAddress
{
    private PeerAddress(string text, string? scheme, string? path, string? outOfRangePort, bool hasPort, string stripped)
    {
        Text = text;
        Scheme = scheme;
        Path = path;
        OutOfRangePort = outOfRangePort;
        HasPort = hasPort;
        Stripped = stripped;
    }

    public string Text { get; }

    /// <summary>The scheme with its separator (<c>http://</c>), when the text has one.</summary>
    public string? Scheme { get; }

    /// <summary>Everything from the first <c>/</c>, <c>?</c> or <c>#</c> after the authority, when there is any.</summary>
    public string? Path { get; }

    /// <summary>True when the authority ends in <c>:port</c> with a port from 1 to 65535.</summary>
    public bool HasPort { get; }

    /// <summary>The port as written when it is a number outside 1-65535 (<c>node1:70000</c>): there is a port, a wrong one.</summary>
    public string? OutOfRangePort { get; }

    /// <summary>The text without its scheme and path: what the code fix writes.</summary>
    public string Stripped { get; }

    public bool IsValid => Scheme is null && Path is null && HasPort;

    /// <summary>True when stripping the scheme and path changes anything, i.e. when the code fix applies.</summary>
    public bool CanStrip => Scheme is not null || Path is not null;

    public static PeerAddress Parse(string text)
    {
        string rest = text;
        string? scheme = null;
        int separator = rest.IndexOf("://", System.StringComparison.Ordinal);
        if (separator >= 0)
        {
            scheme = rest.Substring(0, separator + 3);
            rest = rest.Substring(separator + 3);
        }

        string? path = null;
        int pathStart = rest.IndexOfAny(new[] { '/', '?', '#' });
        if (pathStart >= 0)
        {
            path = rest.Substring(pathStart);
            rest = rest.Substring(0, pathStart);
        }

        bool hasPort = HasValidPort(rest, out string? outOfRange);
        return new PeerAddress(text, scheme, path, outOfRange, hasPort, rest);
    }

    /// <summary>What is wrong, in words for the diagnostic message ("carries a scheme and has no port").</summary>
    public string DescribeProblems()
    {
        var problems = new List<string>();
        if (Scheme is not null)
        {
            problems.Add($"carries a scheme ('{Scheme}')");
        }

        if (Path is not null)
        {
            problems.Add($"carries a path ('{Path}')");
        }

        if (OutOfRangePort is not null)
        {
            problems.Add($"has port {OutOfRangePort}, outside 1-65535");
        }
        else if (!HasPort)
        {
            problems.Add("has no port");
        }

        return problems.Count switch
        {
            0 => string.Empty,
            1 => problems[0],
            _ => string.Join(", ", problems.GetRange(0, problems.Count - 1)) + " and " + problems[problems.Count - 1],
        };
    }

    private static bool HasValidPort(string authority, out string? outOfRange)
    {
        outOfRange = null;
        int colon = authority.LastIndexOf(':');
        if (colon <= 0)
        {
            // No colon, or nothing before it: ":9000" has no host.
            return false;
        }

        string host = authority.Substring(0, colon);
        if (host.IndexOf(':') >= 0 && !(host.StartsWith("[", System.StringComparison.Ordinal) && host.EndsWith("]", System.StringComparison.Ordinal)))
        {
            // An unbracketed IPv6 literal such as "::1" or "fe80::1": its last group is not a port.
            return false;
        }

        string port = authority.Substring(colon + 1);
        if (port.Length == 0 || !IsDigits(port))
        {
            return false;
        }

        bool inRange = port.Length <= 5
            && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            && number >= 1
            && number <= 65535;
        if (!inRange)
        {
            outOfRange = port;
        }

        return inRange;
    }

    private static bool IsDigits(string text)
    {
        foreach (char c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }
}
