using System;
using System.Buffers;
using System.IO;
using System.Linq;
using System.Threading;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Grpc.Net.Client;
using RaftSdk.Benchmarks.Grpc;
using RaftSdk.ChangeAgent;
using RaftSdk.ChangeAgent.Protobufs;
using RaftSdk.Tls;
using RaftSdk.Transport;

namespace RaftSdk.Benchmarks.Load;

/// <summary>One transport's client: sends the workload's Append once and checks the answer.</summary>
internal interface ILoadClient : IDisposable
{
    Task CallAsync();
}

internal static class LoadClients
{
    public const string AppendPath = "/raft/append";

    /// <summary>The suffix of a transport whose every call opens (and closes) a connection of its own: <c>raw-new</c>, <c>raftsdk-new</c>, <c>grpc-new</c>.</summary>
    public const string NewConnectionSuffix = "-new";

    public static ILoadClient Create(string kind, string target, Workload workload, RaftTlsCredentials? tls, int concurrency) => kind switch
    {
        "raftsdk" => new RaftSdkLoadClient(target, workload, tls),
        "grpc" => new GrpcLoadClient(target, workload, tls),
        "raw" or "kestrel" => new RawLoadClient(target, workload, tls),
        _ when PipelineDepth(kind) is int depth => new PipelineLoadClient(target, workload, tls, depth, concurrency),
        _ when NewConnectionBase(kind) is string pooled and ("raftsdk" or "grpc" or "raw" or "kestrel") =>
            new NewConnectionLoadClient(() => Create(pooled, target, workload, tls, concurrency)),
        _ => throw new UsageException($"--kind must be raftsdk, grpc, raw, kestrel (raw's client and server, the server on a slim ASP.NET Core app's Kestrel, not RaftListener), pipeN (RaftSdk pipelined, depth N) or raftsdk-new, grpc-new, raw-new, kestrel-new (a new connection per call), not '{kind}'."),
    };

    /// <summary>The pooled transport a <c>X-new</c> name opens a connection per call of (<c>X</c>); null for the others.</summary>
    public static string? NewConnectionBase(string kind) =>
        kind.EndsWith(NewConnectionSuffix, StringComparison.Ordinal) ? kind[..^NewConnectionSuffix.Length] : null;

    /// <summary>The depth of a pipelined transport name, <c>pipeN</c>; null for the others.</summary>
    public static int? PipelineDepth(string kind) =>
        kind.StartsWith("pipe", StringComparison.Ordinal) && int.TryParse(kind.AsSpan(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int depth) && depth > 0
            ? depth
            : null;

    /// <summary>The server kind a transport talks to: pipelined clients talk to the RaftSdk node, <c>X-new</c> to X's server.</summary>
    public static string ServerKind(string kind) => PipelineDepth(kind) is not null ? "raftsdk" : NewConnectionBase(kind) ?? kind;

    /// <summary>Client-side TLS as every transport here does it: the node certificate, the peer checked against the CA pool only.</summary>
    public static SslClientAuthenticationOptions SslOptions(RaftTlsCredentials tls) => new()
    {
        ClientCertificates = new X509CertificateCollection { tls.Certificate },
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, certificate, chain, _) => tls.ValidatePeer(certificate as X509Certificate2, chain),
    };
}

/// <summary>RaftSdk: the generated <see cref="RaftClient"/> over a <see cref="RaftClientCore"/>, as a node uses it.</summary>
internal sealed class RaftSdkLoadClient : ILoadClient
{
    private readonly RaftClientCore _core;
    private readonly RaftClient _client;
    private readonly string _target;
    private readonly AppendRequest _request;

    public RaftSdkLoadClient(string target, Workload workload, RaftTlsCredentials? tls)
    {
        _core = new RaftClientCore(new RaftClientOptions { ContentType = RaftClient.ContentType, Tls = tls });
        _client = new RaftClient(_core);
        _target = target;
        _request = workload.Request;
    }

    public async Task CallAsync()
    {
        AppendResponse answer = await _client.AppendAsync(_target, _request).ConfigureAwait(false);
        Workload.CheckAnswer(answer.Term, answer.Success);
    }

    public void Dispose() => _core.Dispose();
}

/// <summary>
/// RaftSdk pipelined: the generated <see cref="RaftClient.Pipeline"/>, C callers spread over
/// ceil(C / depth) connections of at most <c>depth</c> calls in flight each (one connection when
/// C &lt;= depth).
/// </summary>
internal sealed class PipelineLoadClient : ILoadClient
{
    private readonly RaftClientCore _core;
    private readonly AppendRequest _request;
    private readonly Lazy<Task<RaftClient.Pipeline[]>> _pipelines;
    private int _next;

    public PipelineLoadClient(string target, Workload workload, RaftTlsCredentials? tls, int depth, int concurrency)
    {
        _core = new RaftClientCore(new RaftClientOptions { ContentType = RaftClient.ContentType, Tls = tls });
        var client = new RaftClient(_core);
        _request = workload.Request;
        int connections = Math.Max(1, (concurrency + depth - 1) / depth);
        _pipelines = new Lazy<Task<RaftClient.Pipeline[]>>(() => Task.WhenAll(
            Enumerable.Range(0, connections).Select(_ => client.OpenPipelineAsync(target, depth))));
    }

    public async Task CallAsync()
    {
        RaftClient.Pipeline[] pipelines = await _pipelines.Value.ConfigureAwait(false);
        RaftClient.Pipeline pipeline = pipelines[(int)((uint)Interlocked.Increment(ref _next) % (uint)pipelines.Length)];
        AppendResponse answer = await pipeline.AppendAsync(_request).ConfigureAwait(false);
        Workload.CheckAnswer(answer.Term, answer.Success);
    }

    public void Dispose()
    {
        if (_pipelines.IsValueCreated && _pipelines.Value.IsCompletedSuccessfully)
        {
            foreach (RaftClient.Pipeline pipeline in _pipelines.Value.Result)
            {
                pipeline.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        _core.Dispose();
    }
}

/// <summary>
/// grpc-dotnet unary over the same protobuf messages. The handler mirrors what GrpcChannel builds
/// by default (SocketsHttpHandler with EnableMultipleHttp2Connections), plus the client certificate with TLS.
/// </summary>
internal sealed class GrpcLoadClient : ILoadClient
{
    private readonly GrpcChannel _channel;
    private readonly RaftBench.RaftBenchClient _client;
    private readonly AppendRequestPb _request;

    public GrpcLoadClient(string target, Workload workload, RaftTlsCredentials? tls)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (tls is not null)
        {
            handler.SslOptions = LoadClients.SslOptions(tls);
        }

        _channel = GrpcChannel.ForAddress((tls is null ? "http://" : "https://") + target, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        _client = new RaftBench.RaftBenchClient(_channel);
        _request = workload.RequestProto;
    }

    public async Task CallAsync()
    {
        AppendResponsePb answer = await _client.AppendAsync(_request).ResponseAsync.ConfigureAwait(false);
        Workload.CheckAnswer(answer.Term, answer.Success);
    }

    public void Dispose() => _channel.Dispose();
}

/// <summary>
/// The raw ceiling: one HttpClient posting the pre-encoded request bytes over HTTP/1.1 and reading
/// the answer into a pooled buffer; the answer is compared byte for byte (no protobuf work).
/// </summary>
internal sealed class RawLoadClient : ILoadClient
{
    private readonly HttpClient _http;
    private readonly Uri _uri;
    private readonly byte[] _body;

    public RawLoadClient(string target, Workload workload, RaftTlsCredentials? tls)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (tls is not null)
        {
            handler.SslOptions = LoadClients.SslOptions(tls);
        }

        _http = new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version11 };
        _uri = new Uri((tls is null ? "http://" : "https://") + target + LoadClients.AppendPath);
        _body = workload.RequestBytes;
    }

    public async Task CallAsync()
    {
        var content = new ByteArrayContent(_body);
        content.Headers.TryAddWithoutValidation("Content-Type", RaftClient.ContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Version = HttpVersion.Version11, Content = content };
        using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"HTTP status {(int)response.StatusCode}.");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(64);
        try
        {
            int length = 0;
            Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length)).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }

            if (!buffer.AsSpan(0, length).SequenceEqual(Workload.AnswerBytes))
            {
                throw new InvalidOperationException("Unexpected answer bytes.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>
/// A new connection for every call, closed after it, as a Go client does for most calls at 16
/// callers (it keeps 2 idle connections per host): each call goes through a client of its own
/// (a new pool, so a new TCP connection and, with mutual TLS, a full handshake), disposed after
/// the answer. What it measures is mostly the server's cost of a connection.
/// </summary>
internal sealed class NewConnectionLoadClient(Func<ILoadClient> create) : ILoadClient
{
    public async Task CallAsync()
    {
        using ILoadClient client = create();
        await client.CallAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
    }
}
