using RaftSdk.Mapping;

namespace RaftSdk.Runtime.Tests;

/// <summary>A message that decodes to one small object per field, as an Append decodes to one entry record per entry.</summary>
internal sealed class Records
{
    public static readonly ProtoRead<Records> Read = static (ref ProtoReader reader) =>
    {
        var items = new ProtoListBuilder<object>();
        while (reader.TryReadTag(out uint tag))
        {
            reader.Skip(tag);
            items.Add(new object());
        }

        return new Records { Items = items.ToArray() };
    };

    public object[] Items { get; private init; } = [];

    public int Count => Items.Length;
}
