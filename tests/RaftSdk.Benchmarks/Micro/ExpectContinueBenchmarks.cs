using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using RaftSdk.Hosting;

namespace RaftSdk.Benchmarks.Micro;

/// <summary>
/// What <c>Expect: 100-continue</c> (which every streamed request sends, so that a refusal known
/// from the headers arrives before the body) costs an accepted call: a 1 KiB body of unknown
/// length (chunked, as a streamed request's) POSTed over one pooled HTTP/1.1 connection to Kestrel
/// on 127.0.0.1, whose handler reads it to its end, with and without the header.
/// </summary>
[MemoryDiagnoser]
public class ExpectContinueBenchmarks
{
    private readonly byte[] _body = new byte[1024];
    private RaftListener _listener = null!;
    private HttpMessageInvoker _client = null!;
    private Uri _uri = null!;

    [Params(false, true)]
    public bool ExpectContinue { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _listener = RaftListener.StartAsync(
            async context =>
            {
                await context.Request.Body.CopyToAsync(Stream.Null);
                context.Response.StatusCode = 200;
            },
            new RaftListenerOptions { BindAddress = IPAddress.Loopback, Port = 0 }).GetAwaiter().GetResult();
        _client = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, Expect100ContinueTimeout = TimeSpan.FromSeconds(30) });
        _uri = new Uri("http://127.0.0.1:" + _listener.Port + "/upload");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _listener.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<HttpStatusCode> Post()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StreamContent(new UnseekableStream(_body)),
        };
        message.Headers.ExpectContinue = ExpectContinue;
        using HttpResponseMessage response = await _client.SendAsync(message, CancellationToken.None);
        return response.StatusCode;
    }

    /// <summary>A body whose length the client does not know: sent chunked, as a streamed request's.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }
}
