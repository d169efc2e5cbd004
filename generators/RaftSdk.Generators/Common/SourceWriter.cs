using System;
using System.Text;

namespace RaftSdk.Generators.Common;

/// <summary>A small indented writer: emitted code must read well in the IDE.</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();
    private int _indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length == 0)
        {
            _builder.Append('\n');
            return this;
        }

        for (int i = 0; i < _indent; i++)
        {
            _builder.Append(IndentUnit);
        }

        _builder.Append(text).Append('\n');
        return this;
    }

    public SourceWriter OpenBlock(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter OpenBlock()
    {
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter CloseBlock(string suffix = "")
    {
        _indent--;
        if (_indent < 0)
        {
            throw new InvalidOperationException("Unbalanced block.");
        }

        Line("}" + suffix);
        return this;
    }

    public SourceWriter Indent()
    {
        _indent++;
        return this;
    }

    public SourceWriter Unindent()
    {
        _indent--;
        return this;
    }

    public override string ToString() => _builder.ToString();
}
