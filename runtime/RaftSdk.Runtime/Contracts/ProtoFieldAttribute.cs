using System;

namespace RaftSdk;

/// <summary>Tunes how one message property maps to its protobuf field.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ProtoFieldAttribute : Attribute
{
    /// <summary>The protobuf field name, when it differs from the property name.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Write an optional field even when its value is the default. Required fields are always
    /// written; optional ones are left out when default unless this is set (peers such as the
    /// Go original always write some optional fields, and byte-for-byte compatibility needs the same).
    /// </summary>
    public bool EmitDefault { get; set; }
}
