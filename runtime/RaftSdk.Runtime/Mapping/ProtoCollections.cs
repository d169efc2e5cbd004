using System;
using System.Collections.Generic;
using Google.Protobuf.Collections;

namespace RaftSdk.Mapping;

/// <summary>Collection conversions that generated ToProto/FromProto methods call.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class ProtoCollections
{
    /// <summary>Converts every element of a repeated field into a new array.</summary>
    public static TDomain[] ToArray<TWire, TDomain>(RepeatedField<TWire> items, Func<TWire, TDomain> convert)
    {
        if (items.Count == 0)
        {
            return Array.Empty<TDomain>();
        }

        var result = new TDomain[items.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = convert(items[i]);
        }

        return result;
    }

    /// <summary>Converts every element of a repeated field into a new list.</summary>
    public static List<TDomain> ToList<TWire, TDomain>(RepeatedField<TWire> items, Func<TWire, TDomain> convert)
    {
        var result = new List<TDomain>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            result.Add(convert(items[i]));
        }

        return result;
    }

    /// <summary>Appends converted elements to a repeated field, sizing it once when the count is known.</summary>
    public static void AddAll<TDomain, TWire>(RepeatedField<TWire> target, IEnumerable<TDomain> items, Func<TDomain, TWire> convert)
    {
        if (items is IReadOnlyList<TDomain> list)
        {
            target.Capacity = target.Count + list.Count;
            for (int i = 0; i < list.Count; i++)
            {
                target.Add(convert(list[i]));
            }

            return;
        }

        foreach (TDomain item in items)
        {
            target.Add(convert(item));
        }
    }

    /// <summary>True when <paramref name="check"/> holds for every element; generated completeness checks use it for repeated messages.</summary>
    public static bool All<TWire>(RepeatedField<TWire> items, Func<TWire, bool> check)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (!check(items[i]))
            {
                return false;
            }
        }

        return true;
    }
}
