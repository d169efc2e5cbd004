using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace RaftSdk.Analyzers.Shared;

/// <summary>Small IOperation utilities shared by the rules.</summary>
internal static class OperationHelpers
{
    public static IOperation? WalkDownConversions(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>Strips conversions, <c>await</c> and <c>.ConfigureAwait(...)</c>: what value is really being produced.</summary>
    public static IOperation? WalkDownConversionsAndAwaits(IOperation? operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IAwaitOperation awaited:
                    operation = awaited.Operation;
                    break;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: not null } configure:
                    operation = configure.Instance;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The parent, skipping implicit conversions that only change the static type.</summary>
    public static IOperation? ParentSkippingConversions(IOperation operation, out IOperation child)
    {
        child = operation;
        IOperation? parent = operation.Parent;
        while (parent is IConversionOperation)
        {
            child = parent;
            parent = parent.Parent;
        }

        return parent;
    }

    /// <summary>
    /// The variable, parameter, field or property that <paramref name="operation"/> reads, when it is a plain
    /// reference to one (a field or property only through <c>this</c> or statically); null otherwise.
    /// </summary>
    public static ISymbol? ReferencedSymbol(IOperation? operation)
    {
        switch (WalkDownConversions(operation))
        {
            case ILocalReferenceOperation local:
                return local.Local;
            case IParameterReferenceOperation parameter:
                return parameter.Parameter;
            case IFieldReferenceOperation field when IsThisOrStatic(field.Instance):
                return field.Field;
            case IPropertyReferenceOperation property when property.Arguments.Length == 0 && IsThisOrStatic(property.Instance):
                return property.Property;
            default:
                return null;
        }
    }

    public static bool IsThisOrStatic(IOperation? instance)
    {
        return instance is null || instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };
    }

    /// <summary>The function (method body, lambda or local function) whose code <paramref name="operation"/> is.</summary>
    public static IOperation? EnclosingFunction(IOperation operation)
    {
        IOperation? last = operation;
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation || current is ILocalFunctionOperation)
            {
                return current;
            }

            last = current;
        }

        return last;
    }

    /// <summary>The root of the operation tree that contains <paramref name="operation"/>.</summary>
    public static IOperation Root(IOperation operation)
    {
        IOperation current = operation;
        while (current.Parent is not null)
        {
            current = current.Parent;
        }

        return current;
    }
}
