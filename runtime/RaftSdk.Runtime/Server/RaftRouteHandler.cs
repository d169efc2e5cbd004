using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace RaftSdk.Server;

/// <summary>
/// Serves one route: reads the request with <see cref="RaftServerIO.ReadRequestAsync{TMessage}(HttpContext, Google.Protobuf.MessageParser{TMessage}, RaftServerOptions)"/>, calls
/// the service, and writes the answer. Generated dispatchers provide one per contract method.
/// </summary>
/// <typeparam name="TService">The service the route calls, for example the local Raft.</typeparam>
/// <param name="context">The HTTP context of the request.</param>
/// <param name="service">The service; never null (the endpoint answers 503 before).</param>
/// <param name="options">The server settings.</param>
/// <returns>A task that completes when the answer is written.</returns>
public delegate Task RaftRouteHandler<TService>(HttpContext context, TService service, RaftServerOptions options)
    where TService : class;
