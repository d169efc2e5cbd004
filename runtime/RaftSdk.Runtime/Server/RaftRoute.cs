using System;

namespace RaftSdk.Server;

/// <summary>One route a <see cref="RaftEndpoint{TService}"/> serves: method, exact path and handler.</summary>
/// <typeparam name="TService">The service the handler calls.</typeparam>
public sealed class RaftRoute<TService>
    where TService : class
{
    /// <summary>Creates a route.</summary>
    /// <param name="method">The HTTP method, compared exactly (for example <c>POST</c>).</param>
    /// <param name="path">The exact request path, for example <c>/raft/append</c>.</param>
    /// <param name="handler">The handler.</param>
    public RaftRoute(string method, string path, RaftRouteHandler<TService> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(handler);
        if (path[0] != '/')
        {
            throw new ArgumentException($"The route path '{path}' must start with '/'.", nameof(path));
        }

        Method = method;
        Path = path;
        Handler = handler;
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The exact request path.</summary>
    public string Path { get; }

    /// <summary>The handler.</summary>
    public RaftRouteHandler<TService> Handler { get; }
}
