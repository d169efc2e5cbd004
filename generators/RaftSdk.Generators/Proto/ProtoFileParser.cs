using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RaftSdk.Generators.Common;

namespace RaftSdk.Generators.Proto;

/// <summary>
/// Reads just enough of a .proto file to know each message's fields and labels: protoc's C#
/// output does not say which proto2 fields are required, and required fields must be written
/// even when zero. Anything it does not understand is skipped, never thrown.
/// </summary>
internal sealed class ProtoFileParser
{
    private readonly List<string> _tokens;
    private int _position;
    private string _package = string.Empty;
    private string? _csharpNamespace;
    private ProtoSyntax _syntax = ProtoSyntax.Proto2;

    private bool Proto3 => _syntax == ProtoSyntax.Proto3;
    private readonly List<(string Path, List<ProtoField> Fields)> _messages = new();

    private ProtoFileParser(List<string> tokens)
    {
        _tokens = tokens;
    }

    public static ProtoFile Parse(string path, string text)
    {
        var parser = new ProtoFileParser(ProtoTokenizer.Tokenize(text));
        parser.ParseFile();
        string ns = parser._csharpNamespace ?? ProtoNames.PackageToNamespace(parser._package);
        var messages = parser._messages
            .Select(m => new ProtoMessage(Qualify(ns, m.Path), m.Fields.ToEquatableArray(), parser._syntax))
            .ToEquatableArray();
        return new ProtoFile(path, messages);
    }

    // Nested messages become Outer.Types.Inner in protoc's C# output.
    private static string Qualify(string ns, string path)
    {
        string typePath = path.Replace(".", ".Types.");
        return ns.Length == 0 ? typePath : ns + "." + typePath;
    }

    private bool AtEnd => _position >= _tokens.Count;

    private string Peek(int offset = 0) => _position + offset < _tokens.Count ? _tokens[_position + offset] : string.Empty;

    private string Next() => AtEnd ? string.Empty : _tokens[_position++];

    private void ParseFile()
    {
        while (!AtEnd)
        {
            string token = Next();
            switch (token)
            {
                case "syntax":
                    Next(); // =
                    _syntax = Unquote(Next()) == "proto3" ? ProtoSyntax.Proto3 : ProtoSyntax.Proto2;
                    SkipStatement();
                    break;
                case "edition":
                    _syntax = ProtoSyntax.Editions;
                    SkipStatement();
                    break;
                case "package":
                    _package = Next();
                    SkipStatement();
                    break;
                case "option":
                    ParseFileOption();
                    break;
                case "message":
                    ParseMessage(string.Empty);
                    break;
                case "enum":
                case "service":
                case "extend":
                    Next();
                    SkipBlock();
                    break;
                default:
                    SkipStatement();
                    break;
            }
        }
    }

    private void ParseFileOption()
    {
        string name = Next();
        Next(); // =
        string value = Next();
        if (name == "csharp_namespace")
        {
            _csharpNamespace = Unquote(value);
        }

        SkipStatement();
    }

    private void ParseMessage(string outer)
    {
        string name = Next();
        string path = outer.Length == 0 ? name : outer + "." + name;
        var fields = new List<ProtoField>();
        _messages.Add((path, fields));
        if (Next() != "{")
        {
            return;
        }

        while (!AtEnd)
        {
            string token = Peek();
            switch (token)
            {
                case "}":
                    Next();
                    return;
                case "message":
                    Next();
                    ParseMessage(path);
                    break;
                case "enum":
                case "extend":
                    Next();
                    Next();
                    SkipBlock();
                    break;
                case "oneof":
                    Next();
                    string oneof = Next();
                    if (Next() == "{")
                    {
                        while (!AtEnd && Peek() != "}")
                        {
                            if (Peek() == "option")
                            {
                                SkipStatement();
                                continue;
                            }

                            ParseField(fields, ProtoLabel.Optional, oneof);
                        }

                        Next();
                    }

                    break;
                case "option":
                case "reserved":
                case "extensions":
                    SkipStatement();
                    break;
                case ";":
                    Next();
                    break;
                default:
                    ParseField(fields, null);
                    break;
            }
        }
    }

    private void ParseField(List<ProtoField> fields, ProtoLabel? forcedLabel, string? oneof = null)
    {
        ProtoLabel label = forcedLabel ?? ProtoLabel.Optional;
        string token = Next();
        if (token is "required" or "optional" or "repeated")
        {
            label = token switch
            {
                "required" => Proto3 ? ProtoLabel.Optional : ProtoLabel.Required,
                "repeated" => ProtoLabel.Repeated,
                _ => ProtoLabel.Optional,
            };
            token = Next();
        }

        string type = token;
        if (type == "map")
        {
            // map<K, V> name = N;
            while (!AtEnd && Peek() != ">")
            {
                Next();
            }

            Next();
            label = ProtoLabel.Repeated;
        }

        if (type == "group")
        {
            SkipStatement();
            return;
        }

        string name = Next();
        if (Next() != "=")
        {
            SkipStatement();
            return;
        }

        bool numbered = int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int number);
        bool? packed = Peek() == "[" ? ParsePackedOption() : null;
        SkipStatement();
        if (numbered)
        {
            fields.Add(new ProtoField(name, number, label, type, oneof, packed));
        }
    }

    /// <summary>Reads a field's options <c>[a = b, packed = true]</c> up to the closing bracket; the <c>packed</c> value, if given.</summary>
    private bool? ParsePackedOption()
    {
        bool? packed = null;
        Next(); // [
        while (!AtEnd && Peek() != "]" && Peek() != ";")
        {
            string token = Next();
            if (token == "packed" && Peek() == "=")
            {
                Next();
                string value = Next();
                packed = value == "true" ? true : value == "false" ? false : packed;
            }
        }

        if (Peek() == "]")
        {
            Next();
        }

        return packed;
    }

    private void SkipStatement()
    {
        int depth = 0;
        while (!AtEnd)
        {
            string token = Next();
            if (token is "[" or "(")
            {
                depth++;
            }
            else if (token is "]" or ")")
            {
                depth--;
            }
            else if (token == ";" && depth <= 0)
            {
                return;
            }
            else if (token == "{" && depth <= 0)
            {
                _position--;
                SkipBlock();
                return;
            }
        }
    }

    private void SkipBlock()
    {
        while (!AtEnd && Peek() != "{" && Peek() != ";")
        {
            Next();
        }

        if (Next() != "{")
        {
            return;
        }

        int depth = 1;
        while (!AtEnd && depth > 0)
        {
            string token = Next();
            if (token == "{")
            {
                depth++;
            }
            else if (token == "}")
            {
                depth--;
            }
        }
    }

    private static string Unquote(string token) =>
        token.Length >= 2 && (token[0] == '"' || token[0] == '\'') ? token.Substring(1, token.Length - 2) : token;
}
