using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Http;

namespace RaftSdk.Hosting;

/// <summary>
/// One contract as the host serves it: its name, its request delegate, its paths and whether
/// its implementation is set (for the health check). Built by
/// <see cref="RaftSdkBuilderExtensions.AddListener{TService}"/> for generated contracts; a
/// hand-written communication object (changeagent's) builds its own.
/// </summary>
public sealed class RaftHostedContract
{
    /// <summary>Creates the description.</summary>
    /// <param name="name">The contract's name, for logs and the health check (for example <c>IRaft</c>).</param>
    /// <param name="handle">Serves one request of the contract.</param>
    /// <param name="paths">The paths <paramref name="handle"/> serves.</param>
    /// <param name="isServiceSet">True once the implementation is there (503 answers before).</param>
    public RaftHostedContract(string name, RequestDelegate handle, IEnumerable<string> paths, Func<bool> isServiceSet)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(isServiceSet);
        Name = name;
        Handle = handle;
        Paths = paths.ToArray();
        IsServiceSet = isServiceSet;
    }

    /// <summary>The contract's name.</summary>
    public string Name { get; }

    /// <summary>Serves one request.</summary>
    public RequestDelegate Handle { get; }

    /// <summary>The paths served.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>True once the implementation is set.</summary>
    public Func<bool> IsServiceSet { get; }
}
