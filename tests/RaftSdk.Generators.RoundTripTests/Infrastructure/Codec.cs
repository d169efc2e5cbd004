using RaftSdk.Mapping;

namespace RaftSdk.Generators.RoundTripTests.Infrastructure;

/// <summary>The direct codec a generated record implements: WriteProto and ReadProto, without Google.Protobuf objects.</summary>
internal static class Codec
{
    public static byte[] Write<T>(T record)
        where T : IProtoWritable
    {
        var bytes = new byte[record.CalculateProtoSize()];
        var writer = new ProtoWriter(bytes);
        record.WriteProto(ref writer);
        Xunit.Assert.Equal(bytes.Length, writer.Position);
        return bytes;
    }

    public static T Read<T>(byte[] bytes, ProtoRead<T> read)
    {
        var reader = new ProtoReader(bytes);
        return read(ref reader);
    }
}
