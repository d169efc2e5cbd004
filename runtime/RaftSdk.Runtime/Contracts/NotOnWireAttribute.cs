using System;

namespace RaftSdk;

/// <summary>
/// Declares that a message property has no protobuf field: it is never sent, and it reads as
/// its default value on receive. Without this marker such a property is a generator error,
/// because it would be dropped silently.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class NotOnWireAttribute : Attribute
{
}
