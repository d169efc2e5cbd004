using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Transport.Pipelining;

/// <summary>
/// Opens the connection a <see cref="RaftPipeline"/> speaks HTTP/1.1 on, to <paramref name="address"/>
/// (<c>host:port</c>). Null in a <see cref="RaftClientCore"/> means a TCP socket (with TLS when
/// configured); the in-memory transport of RaftSdk.Testing gives one whose other end is a node's
/// request delegate. A failure to connect is thrown as a socket would (an <see cref="IOException"/>
/// or <see cref="System.Net.Sockets.SocketException"/>), so that it is classified the same way.
/// </summary>
internal delegate ValueTask<Stream> RaftPipelineConnector(string address, CancellationToken cancellationToken);
