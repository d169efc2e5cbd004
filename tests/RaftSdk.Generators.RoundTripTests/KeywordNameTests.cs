using Google.Protobuf;
using RaftSdk.Generators.RoundTripTests.Infrastructure;
using RaftSdk.Generators.RoundTripTests.Shapes;
using RaftSdk.Generators.RoundTripTests.Wire;
using RaftSdk.Mapping;
using Xunit;

namespace RaftSdk.Generators.RoundTripTests;

/// <summary>
/// Records whose properties are named with C# keywords map every value both ways, through
/// ToProto/FromProto and the direct codec, and agree with Google.Protobuf byte for byte.
/// </summary>
public sealed class KeywordNameTests
{
    [Fact]
    public void Keyword_named_properties_round_trip_and_match_google_protobuf()
    {
        var record = new KeywordShapes
        {
            @class = 300,
            @event = "joined",
            @default = new KeywordInner { @int = 7 },
            @params = new ulong[] { 1, 128, ulong.MaxValue },
            @string = new() { "a", string.Empty },
            @checked = 0,
        };

        KeywordsPb proto = record.ToProto();
        Assert.Equal(300UL, proto.Class);
        Assert.Equal("joined", proto.Event);
        Assert.Equal(7UL, proto.Default.Int);
        Assert.Equal(new ulong[] { 1, 128, ulong.MaxValue }, proto.Params);
        Assert.Equal(new[] { "a", string.Empty }, proto.String);
        Assert.True(proto.HasChecked);
        Assert.Equal(0UL, proto.Checked);

        byte[] bytes = proto.ToByteArray();
        Assert.Equal(bytes, Codec.Write(record));
        foreach (KeywordShapes read in new[]
        {
            KeywordShapes.FromProto(KeywordsPb.Parser.ParseFrom(bytes)),
            Codec.Read(bytes, static (ref ProtoReader r) => KeywordShapes.ReadProto(ref r)),
        })
        {
            Assert.Equal(record.@class, read.@class);
            Assert.Equal(record.@event, read.@event);
            Assert.Equal(record.@default, read.@default);
            Assert.Equal(record.@params, read.@params);
            Assert.Equal(record.@string, read.@string);
            Assert.Equal(record.@checked, read.@checked);
        }
    }

    [Fact]
    public void Absent_keyword_named_optionals_read_back_as_null()
    {
        byte[] bytes = new KeywordsPb { Class = 1 }.ToByteArray();
        KeywordShapes read = Codec.Read(bytes, static (ref ProtoReader r) => KeywordShapes.ReadProto(ref r));
        Assert.Equal(1UL, read.@class);
        Assert.Null(read.@event);
        Assert.Null(read.@default);
        Assert.Null(read.@checked);
        Assert.Empty(read.@params);
        Assert.Empty(read.@string);
    }

    [Fact]
    public void Keyword_named_constructor_parameters_round_trip()
    {
        var record = new KeywordPositional("ns", 42);
        byte[] bytes = record.ToProto().ToByteArray();
        Assert.Equal(bytes, Codec.Write(record));
        Assert.Equal(record, KeywordPositional.FromProto(KeywordPositionalPb.Parser.ParseFrom(bytes)));
        Assert.Equal(record, Codec.Read(bytes, static (ref ProtoReader r) => KeywordPositional.ReadProto(ref r)));
    }
}
