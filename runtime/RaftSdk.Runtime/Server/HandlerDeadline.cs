using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace RaftSdk.Server;

/// <summary>
/// Runs a handler within <see cref="RaftServerOptions.HandlerTimeout"/> and answers 504 when it
/// does not finish in time, the same for every route that has a deadline.
/// </summary>
internal static class HandlerDeadline
{
    /// <summary>
    /// Invokes <paramref name="invoke"/> (with <paramref name="state"/>, so that no closure is allocated per call) with a token that fires at the deadline (or when the
    /// caller goes away) and waits on that same token: one timer, so a handler whose deadline
    /// passed has always seen its token fire when the 504 goes out (two timers due at the same
    /// moment once let the wait win and dispose the token's source before it fired). The wait
    /// answers even when the handler ignores its token; what such a handler still returns later
    /// goes to <paramref name="late"/> (a result that owns resources nobody else will release).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<T> InvokeAsync<TState, T>(TState state, Func<TState, CancellationToken, ValueTask<T>> invoke, TimeSpan timeout, CancellationToken aborted, Action<T>? late = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(timeout);
        ValueTask<T> invoked = invoke(state, deadline.Token);
        if (invoked.IsCompletedSuccessfully)
        {
            return invoked.Result;
        }

        Task<T> running = invoked.AsTask();
        bool handedOver = false;
        try
        {
            T result = await running.WaitAsync(deadline.Token).ConfigureAwait(false);
            handedOver = true;
            return result;
        }
        catch (OperationCanceledException e) when (!aborted.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw Refusal(timeout, e);
        }
        finally
        {
            if (!handedOver && late is not null)
            {
                _ = running.ContinueWith(static (done, state) => ((Action<T>)state!)(done.Result), late, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private static RaftCallRefusal Refusal(TimeSpan timeout, Exception inner) =>
        new(
            RefusalKind.HandlerDeadline,
            StatusCodes.Status504GatewayTimeout,
            string.Create(CultureInfo.InvariantCulture, $"The handler did not finish within its deadline of {timeout.TotalMilliseconds:0} ms"),
            inner: inner);
}
