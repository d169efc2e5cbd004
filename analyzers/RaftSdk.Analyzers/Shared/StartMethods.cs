using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace RaftSdk.Analyzers.Shared;

/// <summary>Recognizes the expressions that create a communication object: the Start methods of RaftCommunication.</summary>
internal static class StartMethods
{
    /// <summary>
    /// True when <paramref name="value"/> is a call to a static RaftCommunication method that returns an
    /// ICommunication (directly or in a Task), seen through conversions, <c>await</c>, <c>ConfigureAwait</c>,
    /// and the blocking <c>.Result</c> and <c>.GetAwaiter().GetResult()</c> that a field initializer needs.
    /// </summary>
    public static bool IsStartCall(SdkTypes types, IOperation? value)
    {
        IOperation? unwrapped = OperationHelpers.WalkDownConversionsAndAwaits(UnwrapBlockingWait(types, value));
        if (unwrapped is not IInvocationOperation invocation || types.RaftCommunication is null)
        {
            return false;
        }

        IMethodSymbol method = invocation.TargetMethod;
        if (!method.IsStatic || !SymbolEqualityComparer.Default.Equals(method.ContainingType, types.RaftCommunication))
        {
            return false;
        }

        ITypeSymbol returned = method.ReturnType;
        if (returned is INamedTypeSymbol { IsGenericType: true } generic && types.IsTaskLike(generic))
        {
            returned = generic.TypeArguments[0];
        }

        return types.IsCommunication(returned);
    }

    private static IOperation? UnwrapBlockingWait(SdkTypes types, IOperation? value)
    {
        IOperation? stripped = OperationHelpers.WalkDownConversions(value);
        switch (stripped)
        {
            case IPropertyReferenceOperation { Property.Name: "Result", Instance: not null } result when types.IsTaskLike(result.Instance.Type):
                return result.Instance;
            case IInvocationOperation { TargetMethod.Name: "GetResult", Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: not null } getAwaiter }:
                return getAwaiter.Instance;
            default:
                return value;
        }
    }
}
