using System;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace RaftSdk.Server;

/// <summary>The answer to a handler that did not finish within <see cref="RaftServerOptions.HandlerTimeout"/> (504), the same for every route that has a deadline.</summary>
internal static class HandlerDeadline
{
    public static RaftCallRefusal Refusal(TimeSpan timeout, Exception inner) =>
        new(
            RefusalKind.HandlerDeadline,
            StatusCodes.Status504GatewayTimeout,
            string.Create(CultureInfo.InvariantCulture, $"The handler did not finish within its deadline of {timeout.TotalMilliseconds:0} ms"),
            inner: inner);
}
