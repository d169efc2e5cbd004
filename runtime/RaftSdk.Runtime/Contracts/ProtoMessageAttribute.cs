using System;

namespace RaftSdk;

/// <summary>
/// Links a message record to the protobuf class that Grpc.Tools compiles from a <c>.proto</c> file.
/// The record must be <c>partial</c>: the generator adds <c>ToProto()</c> and <c>FromProto(...)</c>.
/// Properties map to protobuf fields by name; see <see cref="ProtoFieldAttribute"/> and
/// <see cref="NotOnWireAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class ProtoMessageAttribute : Attribute
{
    /// <param name="protoType">The Google.Protobuf message class, for example <c>typeof(EntryPb)</c>.</param>
    public ProtoMessageAttribute(Type protoType)
    {
        ProtoType = protoType;
    }

    /// <summary>The Google.Protobuf message class.</summary>
    public Type ProtoType { get; }
}
