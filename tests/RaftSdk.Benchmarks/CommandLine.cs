using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RaftSdk.Benchmarks;

/// <summary>A tiny <c>--name value</c> / <c>--flag</c> parser; unknown options are errors.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CommandLine(IReadOnlyList<string> args, IReadOnlyCollection<string> flags)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"Unexpected argument '{arg}'.");
            }

            string name = arg.Substring(2);
            if (flags.Contains(name))
            {
                _values[name] = null;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new UsageException($"Option '{arg}' needs a value.");
            }

            _values[name] = args[++i];
        }
    }

    public bool Has(string name)
    {
        _read.Add(name);
        return _values.ContainsKey(name);
    }

    public string? Text(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out string? value) ? value : null;
    }

    public string Text(string name, string fallback) => Text(name) ?? fallback;

    public int Int(string name, int fallback)
    {
        string? text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new UsageException($"--{name} expects an integer, not '{text}'.");
    }

    public double Double(string name, double fallback)
    {
        string? text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new UsageException($"--{name} expects a number, not '{text}'.");
    }

    public int[] Ints(string name, int[] fallback)
    {
        string? text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        string[] parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new UsageException($"--{name} expects integers separated by commas, not '{text}'.");
            }
        }

        return values;
    }

    public string[] Texts(string name, string[] fallback)
    {
        string? text = Text(name);
        return text is null ? fallback : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Fails on options that no code asked for (typos).</summary>
    public void EnsureAllRead()
    {
        foreach (string name in _values.Keys)
        {
            if (!_read.Contains(name))
            {
                throw new UsageException($"Unknown option '--{name}'.");
            }
        }
    }
}

internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
