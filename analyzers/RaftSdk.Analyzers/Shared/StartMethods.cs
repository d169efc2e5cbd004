using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace RaftSdk.Analyzers.Shared;

/// <summary>Recognizes the expressions that create a communication object: the Start methods of RaftCommunication.</summary>
internal static class StartMethods
{
    /// <summary>
    /// True when <paramref name="value"/> is a call to a static RaftCommunication method that returns an
    /// ICommunication (directly or in a Task), seen through conversions, <c>await</c> and <c>ConfigureAwait</c>.
    /// </summary>
    public static bool IsStartCall(SdkTypes types, IOperation? value)
    {
        IOperation? unwrapped = OperationHelpers.WalkDownConversionsAndAwaits(value);
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
}
