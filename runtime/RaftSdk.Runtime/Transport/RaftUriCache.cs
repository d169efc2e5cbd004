using System;
using System.Collections.Concurrent;

namespace RaftSdk.Transport;

/// <summary>
/// Request URIs per (address, path), so a call does not parse a URI string. A cluster has few
/// peers and few routes; the cap only guards against callers that pass ever-new addresses.
/// </summary>
internal sealed class RaftUriCache
{
    private const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<(string Address, string Path), Uri> _uris = new();
    private readonly string _prefix;

    public RaftUriCache(string scheme)
    {
        _prefix = scheme + "://";
    }

    public Uri Get(string address, string path)
    {
        if (_uris.TryGetValue((address, path), out Uri? uri))
        {
            return uri;
        }

        uri = Create(address, path);
        if (_uris.Count >= MaxEntries)
        {
            _uris.Clear();
        }

        _uris.TryAdd((address, path), uri);
        return uri;
    }

    private Uri Create(string address, string path)
    {
        // The address is host:port; anything that would change the path, query or user info is a caller bug.
        if (address.AsSpan().IndexOfAny("/?#@\\ ") >= 0
            || !Uri.TryCreate(_prefix + address + path, UriKind.Absolute, out Uri? uri)
            || uri.Host.Length == 0)
        {
            throw new ArgumentException($"'{address}' is not a peer address of the form host:port.", nameof(address));
        }

        return uri;
    }
}
