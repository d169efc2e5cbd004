using RaftSdk.Mapping;

namespace RaftSdk.Runtime.Tests;

/// <summary>A message of no fields, with the direct codec a generated record has.</summary>
internal sealed class Nothing : IProtoWritable
{
    public static readonly ProtoRead<Nothing> Read = static (ref ProtoReader reader) =>
    {
        while (reader.TryReadTag(out uint tag))
        {
            reader.Skip(tag);
        }

        return new Nothing();
    };

    public int CalculateProtoSize() => 0;

    public void WriteProto(ref ProtoWriter writer)
    {
    }
}
