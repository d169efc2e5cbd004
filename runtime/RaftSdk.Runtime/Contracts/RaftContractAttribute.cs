using System;

namespace RaftSdk;

/// <summary>
/// Marks an interface as a RaftSdk contract. The RaftSdk source generator emits, for the
/// interface <c>IName</c>, a client (<c>NameClient</c>) and a server dispatcher
/// (<c>NameDispatcher</c>) in the interface's namespace.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
public sealed class RaftContractAttribute : Attribute
{
    /// <param name="contentType">The exact Content-Type of every request and response body.</param>
    public RaftContractAttribute(string contentType)
    {
        ContentType = contentType;
    }

    /// <summary>The exact Content-Type of every request and response body.</summary>
    public string ContentType { get; }
}
