using System.Collections.Generic;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Parsing;

/// <summary>
/// Chooses the locals generated into a message record's ReadProto, once, in the parser: one per
/// field, none colliding with another or with ReadProto's own locals and parameters. Emitters use
/// these names and invent none. (The record gets no generated fields: the field layout is written
/// as constants, so no member name can collide with the user's.)
/// </summary>
internal static class GeneratedNames
{
    /// <summary>Locals and parameters of the generated ReadProto besides the field locals.</summary>
    private static readonly string[] ReadProtoLocals = { "reader", "merge", "merged", "tag", "seen", "outer", "proto", "item", "i" };

    public static EquatableArray<FieldDraft> ForMessage(List<FieldDraft> fields)
    {
        var locals = new UniqueNameBuilder();
        locals.Reserve(ReadProtoLocals);
        var named = new FieldDraft[fields.Count];
        for (int i = 0; i < fields.Count; i++)
        {
            named[i] = fields[i] with { LocalName = locals.New("f" + fields[i].PropertyName) };
        }

        return named.ToEquatableArray();
    }
}
