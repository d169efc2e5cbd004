using System;
using Google.Protobuf;
using RaftSdk.ChangeAgent;
using RaftSdk.Generators.RoundTripTests.Infrastructure;
using RaftSdk.Generators.RoundTripTests.Shapes;
using RaftSdk.Generators.RoundTripTests.Wire;
using RaftSdk.Mapping;
using Xunit;

namespace RaftSdk.Generators.RoundTripTests;

/// <summary>
/// A nullable property on an optional field keeps presence both ways, through ToProto/FromProto
/// and through the direct codec: null is absent, an empty or zero value is present.
/// </summary>
public sealed class PresenceTests
{
    private static OptionalShapes ReadDirect(byte[] bytes) => Codec.Read(bytes, static (ref ProtoReader r) => OptionalShapes.ReadProto(ref r));

    [Fact]
    public void Empty_bytes_are_sent_as_present()
    {
        var record = new OptionalShapes { Data = Array.Empty<byte>(), Memory = ReadOnlyMemory<byte>.Empty, Text = string.Empty };
        OptionalPb proto = record.ToProto();
        Assert.True(proto.HasData);
        Assert.True(proto.HasMemory);
        Assert.True(proto.HasText);
        Assert.Equal(proto.ToByteArray(), Codec.Write(record));
    }

    [Fact]
    public void Present_empty_bytes_read_back_as_empty_not_null()
    {
        byte[] bytes = new OptionalPb { Data = ByteString.Empty, Memory = ByteString.Empty, Text = string.Empty }.ToByteArray();
        foreach (OptionalShapes read in new[] { OptionalShapes.FromProto(OptionalPb.Parser.ParseFrom(bytes)), ReadDirect(bytes) })
        {
            Assert.NotNull(read.Data);
            Assert.Empty(read.Data!);
            Assert.True(read.Memory.HasValue);
            Assert.Equal(0, read.Memory!.Value.Length);
            Assert.Equal(string.Empty, read.Text);
        }
    }

    [Fact]
    public void Absent_bytes_read_back_as_null()
    {
        byte[] bytes = new OptionalPb().ToByteArray();
        foreach (OptionalShapes read in new[] { OptionalShapes.FromProto(OptionalPb.Parser.ParseFrom(bytes)), ReadDirect(bytes) })
        {
            Assert.Null(read.Data);
            Assert.Null(read.Memory);
            Assert.Null(read.Text);
            Assert.Null(read.I32);
        }
    }

    [Fact]
    public void Null_is_sent_as_absent_and_zero_as_present()
    {
        var record = new OptionalShapes { I32 = 0, Flag = false, Color = Color.Red, Node = new NodeId(0) };
        OptionalPb proto = record.ToProto();
        Assert.True(proto.HasI32);
        Assert.True(proto.HasFlag);
        Assert.True(proto.HasColor);
        Assert.True(proto.HasNode);
        Assert.False(proto.HasData);
        Assert.False(proto.HasText);
        Assert.Equal(proto.ToByteArray(), Codec.Write(record));
    }
}
