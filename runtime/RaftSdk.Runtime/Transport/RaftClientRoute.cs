using System;
using System.Net.Http;

namespace RaftSdk.Transport;

/// <summary>
/// One call of a contract as the client sends it: HTTP method and path. Generated clients keep
/// one static instance per route, so the <see cref="System.Net.Http.HttpMethod"/> is made once.
/// </summary>
internal sealed class RaftClientRoute
{
    /// <summary>Creates a route.</summary>
    /// <param name="method">The HTTP method, <c>GET</c> or <c>POST</c> (any other token is sent as given).</param>
    /// <param name="path">The absolute request path, for example <c>/raft/append</c>.</param>
    public RaftClientRoute(string method, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path[0] != '/')
        {
            throw new ArgumentException($"The route path '{path}' must start with '/'.", nameof(path));
        }

        Method = method;
        Path = path;
        HttpMethod = method switch
        {
            "GET" => HttpMethod.Get,
            "POST" => HttpMethod.Post,
            _ => new HttpMethod(method),
        };
        IsGet = ReferenceEquals(HttpMethod, HttpMethod.Get);
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The absolute request path.</summary>
    public string Path { get; }

    internal HttpMethod HttpMethod { get; }

    /// <summary>GET requests carry no body.</summary>
    internal bool IsGet { get; }

    /// <inheritdoc />
    public override string ToString() => Method + " " + Path;
}
