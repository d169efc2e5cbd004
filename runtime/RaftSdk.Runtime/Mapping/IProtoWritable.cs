namespace RaftSdk.Mapping;

/// <summary>
/// A message record that writes its protobuf wire form itself, straight from its properties,
/// without building the Google.Protobuf object graph (<c>ToProto()</c>). The generator implements
/// it on every <c>[ProtoMessage]</c> record; the bytes are the ones <c>ToProto()</c> would
/// serialize (same fields, same order, same presence rules).
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface IProtoWritable
{
    /// <summary>The exact number of bytes <see cref="WriteProto"/> writes.</summary>
    /// <returns>The size in bytes.</returns>
    int CalculateProtoSize();

    /// <summary>Writes the message (without a length prefix) at the writer's position.</summary>
    /// <param name="writer">The destination; it must have room for <see cref="CalculateProtoSize"/> bytes.</param>
    void WriteProto(ref ProtoWriter writer);
}
