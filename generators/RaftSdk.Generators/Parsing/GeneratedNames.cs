using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Parsing;

/// <summary>
/// Chooses every identifier generated into a message record, once, in the parser: the user's
/// member names are reserved first, so a property called <c>Order</c> or <c>InOrder</c> does not
/// make <c>s_raftWireOrder</c> twice (CS0102). Emitters use these names and invent none.
/// </summary>
internal static class GeneratedNames
{
    /// <summary>Members the generator itself adds to every record.</summary>
    private static readonly string[] GeneratedMembers = { "ToProto", "FromProto", "IsProtoComplete", "ReadProto", "CalculateProtoSize", "WriteProto" };

    /// <summary>Locals and parameters of the generated ReadProto besides the field locals.</summary>
    private static readonly string[] ReadProtoLocals = { "reader", "merge", "merged", "tag", "seen", "outer", "proto", "item", "i" };

    public static (MessageNames Names, EquatableArray<FieldDraft> Fields) ForMessage(INamedTypeSymbol type, List<FieldDraft> fields)
    {
        var members = new UniqueNameBuilder();
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            members.Reserve(current.MemberNames);
        }

        members.Reserve(GeneratedMembers);
        var names = new MessageNames(members.New("s_raftWireOrder"), members.New("s_raftWireInOrder"));

        var locals = new UniqueNameBuilder();
        locals.Reserve(ReadProtoLocals);
        var named = new FieldDraft[fields.Count];
        for (int i = 0; i < fields.Count; i++)
        {
            named[i] = fields[i] with
            {
                InfoName = members.New("s_raftWire" + fields[i].PropertyName),
                LocalName = locals.New("f" + fields[i].PropertyName),
            };
        }

        return (names, named.ToEquatableArray());
    }
}
