using System;
using System.Collections.Generic;
using System.Globalization;

namespace RaftSdk.Generators.Common;

/// <summary>
/// Hands out identifiers that collide with none reserved before (the user's member names) and none
/// handed out before: a taken name gets the first free numeric suffix. After Refit's
/// UniqueNameBuilder. Deterministic: the same reservations and requests give the same names.
/// </summary>
internal sealed class UniqueNameBuilder
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public void Reserve(string name) => _taken.Add(name);

    public void Reserve(IEnumerable<string> names)
    {
        foreach (string name in names)
        {
            _taken.Add(name);
        }
    }

    public string New(string wanted)
    {
        if (_taken.Add(wanted))
        {
            return wanted;
        }

        for (int i = 1; ; i++)
        {
            string candidate = wanted + i.ToString(CultureInfo.InvariantCulture);
            if (_taken.Add(candidate))
            {
                return candidate;
            }
        }
    }
}
