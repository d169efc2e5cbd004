using Microsoft.AspNetCore.Http;

namespace RaftSdk.Testing;

/// <summary>What happens to one request on a link of an <see cref="InMemoryNetwork"/>.</summary>
/// <param name="Server">The callee's request delegate; null when it cannot be reached.</param>
/// <param name="Unreachable">Why it cannot be reached, when <paramref name="Server"/> is null.</param>
/// <param name="DropRequest">The request is lost: the callee never sees it.</param>
/// <param name="DropResponse">The answer is lost: the callee does the work, the caller never hears.</param>
internal readonly record struct LinkCrossing(RequestDelegate? Server, string? Unreachable, bool DropRequest, bool DropResponse);
