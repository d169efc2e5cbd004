using System;
using System.Globalization;
using System.Threading;
using Microsoft.AspNetCore.Http;

namespace RaftSdk.Server;

/// <summary>The answer to a handler that did not finish within <see cref="RaftServerOptions.HandlerTimeout"/> (504), the same for every route that has a deadline.</summary>
internal static class HandlerDeadline
{
    /// <summary>
    /// The refusal of a handler whose deadline passed, once its token has fired. The wait's timer
    /// and the token's are both due at the deadline and either may run first; the token's source
    /// is disposed when the wait returns, so a handler that waits for its token would otherwise,
    /// now and then, never see it fire.
    /// </summary>
    public static RaftCallRefusal Passed(CancellationTokenSource deadline, TimeSpan timeout, Exception inner)
    {
        try
        {
            deadline.Cancel();
        }
        catch (AggregateException)
        {
            // A callback the handler registered on its token threw; the answer is the 504 all the same.
        }

        return Refusal(timeout, inner);
    }

    private static RaftCallRefusal Refusal(TimeSpan timeout, Exception inner) =>
        new(
            RefusalKind.HandlerDeadline,
            StatusCodes.Status504GatewayTimeout,
            string.Create(CultureInfo.InvariantCulture, $"The handler did not finish within its deadline of {timeout.TotalMilliseconds:0} ms"),
            inner: inner);
}
