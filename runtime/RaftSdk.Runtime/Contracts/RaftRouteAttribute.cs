using System;

namespace RaftSdk;

/// <summary>
/// Binds a contract method to an HTTP route. The method takes at most one message parameter
/// (a record marked with <see cref="ProtoMessageAttribute"/>) and an optional
/// <see cref="System.Threading.CancellationToken"/>, and returns a message, a
/// <c>Task</c> or <c>ValueTask</c> of one, or (with <see cref="Response"/> and
/// <see cref="ResultMember"/>) a value that is carried in one member of a response message.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RaftRouteAttribute : Attribute
{
    /// <param name="path">The absolute request path, for example <c>/raft/append</c>.</param>
    public RaftRouteAttribute(string path)
    {
        Path = path;
    }

    /// <summary>The absolute request path.</summary>
    public string Path { get; }

    /// <summary>The HTTP method: <c>POST</c> (the default) or <c>GET</c>. A GET route takes no message.</summary>
    public string Method { get; set; } = "POST";

    /// <summary>
    /// The status the server answers with when the implementation throws. Defaults to 500.
    /// With 200 the error travels only in <see cref="ErrorMember"/>.
    /// </summary>
    public int ErrorStatusCode { get; set; } = 500;

    /// <summary>
    /// The response message, when the method returns a plain value rather than a message:
    /// the value is carried in <see cref="ResultMember"/> of this message.
    /// </summary>
    public Type? Response { get; set; }

    /// <summary>The member of <see cref="Response"/> that carries the method's return value.</summary>
    public string? ResultMember { get; set; }

    /// <summary>
    /// A string member of the response message that carries the error text when the
    /// implementation throws. Without it an error answer has no body.
    /// </summary>
    public string? ErrorMember { get; set; }
}
