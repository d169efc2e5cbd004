using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace RaftSdk.Generators.Tests;

/// <summary>
/// No model that crosses a pipeline step may hold a symbol, syntax, compilation, semantic model or
/// location: those pin whole compilations in memory and defeat caching.
/// </summary>
public sealed class ModelPurityTests
{
    private static readonly Type[] Forbidden =
    {
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(SemanticModel), typeof(Location), typeof(SyntaxToken),
    };

    public static TheoryData<string> ModelTypes()
    {
        var data = new TheoryData<string>();
        foreach (Type type in typeof(RaftGenerator).Assembly.GetTypes()
            .Where(t => t.Namespace is "RaftSdk.Generators.Model" or "RaftSdk.Generators.Proto" && !t.IsAbstract && !t.IsEnum && t.GetMethod("<Clone>$") is not null))
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Fact]
    public void The_model_namespaces_hold_records()
    {
        Assert.True(ModelTypes().Count >= 10);
    }

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void Model_type_holds_no_compiler_objects(string typeName)
    {
        Type type = typeof(RaftGenerator).Assembly.GetType(typeName)!;
        var offending = new List<string>();
        Walk(type, type.Name, new HashSet<Type>(), offending);
        Assert.Empty(offending);
    }

    private static void Walk(Type type, string path, HashSet<Type> seen, List<string> offending)
    {
        if (Forbidden.Any(f => f.IsAssignableFrom(type)) || type == typeof(object))
        {
            offending.Add(path + " : " + type.Name);
            return;
        }

        if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
        {
            return;
        }

        if (type.IsArray)
        {
            Walk(type.GetElementType()!, path + "[]", seen, offending);
            return;
        }

        foreach (Type argument in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes)
        {
            Walk(argument, path + "<" + argument.Name + ">", seen, offending);
        }

        if (type.Namespace?.StartsWith("RaftSdk.Generators", StringComparison.Ordinal) == true)
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                Walk(field.FieldType, path + "." + field.Name, seen, offending);
            }
        }
    }
}
