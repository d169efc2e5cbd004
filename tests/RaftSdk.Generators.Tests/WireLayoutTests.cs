using RaftSdk.Generators.Model;
using RaftSdk.Generators.Parsing;
using RaftSdk.Generators.Proto;
using Xunit;

namespace RaftSdk.Generators.Tests;

/// <summary>
/// The field layout the parser decides from a .proto (issue 22): tags, packing by syntax and by
/// <c>[packed = ...]</c>, presence; and no layout for an edition file, whose features this reader
/// does not follow (such a record goes through its protobuf class instead).
/// </summary>
public sealed class WireLayoutTests
{
    private static WireLayout? Layout(string proto, WireValueKind kind, bool repeated, bool protoHasPresence = false)
    {
        ProtoMessage message = Assert.Single(ProtoFileParser.Parse("t.proto", proto).Messages);
        ProtoField field = Assert.Single(message.Fields);
        var draft = new FieldDraft
        {
            PropertyName = "Values",
            ProtoPropertyName = field.CSharpName,
            ProtoHasPresence = protoHasPresence,
            CompiledNumber = field.Number,
            Conversion = new ConversionSpec
            {
                WireKind = kind,
                Shape = kind == WireValueKind.String ? ValueShape.Text : ValueShape.Scalar,
                Collection = repeated ? CollectionKind.Array : CollectionKind.None,
                WireElementType = "ulong",
            },
        };
        WireLayout? layout = WireLayouts.Decide(message, field, draft, out string? mismatch);
        Assert.Null(mismatch);
        return layout;
    }

    [Theory]
    [InlineData("syntax = \"proto3\"; message M { repeated uint64 values = 4; }", true)]
    [InlineData("syntax = \"proto3\"; message M { repeated uint64 values = 4 [packed = false]; }", false)]
    [InlineData("syntax = \"proto2\"; message M { repeated uint64 values = 4; }", false)]
    [InlineData("syntax = \"proto2\"; message M { repeated uint64 values = 4 [deprecated = true, packed = true]; }", true)]
    public void Repeated_scalars_are_packed_as_protoc_packs_them(string proto, bool packed)
    {
        WireLayout layout = Layout(proto, WireValueKind.UInt64, repeated: true)!;
        Assert.Equal(new WireLayout(4, ProtoFieldType.UInt64, HasPresence: false, IsPacked: packed, Tag: 32, TagSize: 1, PackedTag: 34), layout);
    }

    [Theory]
    [InlineData("syntax = \"proto2\"; message M { required fixed64 values = 1; }", "UInt64", "Fixed64", 9u, 1)]
    [InlineData("syntax = \"proto2\"; message M { optional sint64 values = 16; }", "Int64", "SInt64", 128u, 2)]
    [InlineData("syntax = \"proto2\"; message M { optional sfixed32 values = 2047; }", "Int32", "SFixed32", 16381u, 2)]
    [InlineData("syntax = \"proto2\"; message M { optional string values = 2048; }", "String", "String", 16386u, 3)]
    public void Tags_and_their_sizes_are_constants_of_number_and_type(string proto, string csharpKind, string protoType, uint tag, int tagSize)
    {
        // Names, not the enums: the model is internal and a public test method cannot take it.
        var kind = (WireValueKind)System.Enum.Parse(typeof(WireValueKind), csharpKind);
        WireLayout layout = Layout(proto, kind, repeated: false, protoHasPresence: true)!;
        Assert.Equal(protoType, layout.Type.ToString());
        Assert.Equal(tag, layout.Tag);
        Assert.Equal(tagSize, layout.TagSize);
        Assert.True(layout.HasPresence);
        Assert.False(layout.IsPacked);
    }

    [Fact]
    public void An_edition_file_gives_no_layout()
    {
        Assert.Null(Layout("edition = \"2023\"; message M { repeated uint64 values = 4; }", WireValueKind.UInt64, repeated: true));
    }
}
