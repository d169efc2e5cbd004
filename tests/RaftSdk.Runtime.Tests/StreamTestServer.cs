using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Hosting;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Server;
using RaftSdk.Tls;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// The streamed contract's service. The header's text picks what it does: <c>hash</c> reads the
/// body to its end; <c>fail</c> reads the header's id in bytes and throws; <c>slow</c> reads that
/// many, then goes on reading 64 KiB every 20 ms until the body ends or a read fails
/// (<see cref="SlowReadEnded"/>); <c>stall</c> reads nothing and waits for its token.
/// </summary>
internal sealed class StreamService : IStreamContract
{
    public const string FailText = "snapshot store full";

    public TaskCompletionSource<long> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<bool> SawCancellation { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How the <c>slow</c> reader ended: the exception its read threw, or null when the body ended cleanly.</summary>
    public TaskCompletionSource<Exception?> SlowReadEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<UploadAck> UploadAsync(Ping header, Stream body, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        switch (header.Text)
        {
            case "hash":
                long total = await ReadAsync(body, hash, long.MaxValue, cancellationToken);
                return new UploadAck { Bytes = (ulong)total, Sha256 = hash.GetCurrentHash() };
            case "fail":
                long read = await ReadAsync(body, hash, (long)header.Id, cancellationToken);
                throw new InvalidOperationException($"{FailText} after {read} bytes");
            case "slow":
                Started.TrySetResult(await ReadAsync(body, hash, (long)header.Id, cancellationToken));
                try
                {
                    while (await ReadAsync(body, hash, 64 * 1024, cancellationToken) > 0)
                    {
                        await Task.Delay(20, cancellationToken);
                    }
                }
                catch (Exception e)
                {
                    SlowReadEnded.TrySetResult(e);
                    throw;
                }

                SlowReadEnded.TrySetResult(null);
                return new UploadAck { Bytes = 0, Sha256 = hash.GetCurrentHash() };
            case "stall":
                Started.TrySetResult(0);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    SawCancellation.TrySetResult(true);
                    throw;
                }

                throw new InvalidOperationException("unreachable");
            default:
                throw new ArgumentException("unknown mode " + header.Text);
        }
    }

    /// <summary>Reads up to <paramref name="most"/> bytes of the body through one pooled buffer, hashing them.</summary>
    private static async Task<long> ReadAsync(Stream body, IncrementalHash hash, long most, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            while (total < most)
            {
                int read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, most - total)), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                hash.AppendData(buffer, 0, read);
                total += read;
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>A real Kestrel listener on 127.0.0.1 serving the generated dispatcher of <see cref="IStreamContract"/>; records each request's content headers and the errors the server observed.</summary>
internal sealed class StreamTestServer : IAsyncDisposable
{
    private StreamTestServer(RaftListener listener, StreamService service, ConcurrentQueue<(string?, long?, string?)> requests, ConcurrentQueue<Exception> errors)
    {
        Listener = listener;
        Service = service;
        Requests = requests;
        ObservedErrors = errors;
    }

    public RaftListener Listener { get; }

    public StreamService Service { get; }

    /// <summary>Content-Type, Content-Length and Transfer-Encoding of each request.</summary>
    public ConcurrentQueue<(string? ContentType, long? ContentLength, string? TransferEncoding)> Requests { get; }

    public ConcurrentQueue<Exception> ObservedErrors { get; }

    public string Address => "127.0.0.1:" + Listener.Port;

    /// <summary>Starts the server; the header may be at most <see cref="TestServer.MaxRequestBodySize"/> bytes, the body any size.</summary>
    public static async Task<StreamTestServer> StartAsync(RaftTlsCredentials? tls = null, double? minDataRate = null, long? budget = null, int port = 0, Microsoft.Extensions.Logging.ILoggerFactory? log = null, TimeSpan? budgetWait = null)
    {
        var service = new StreamService();
        var errors = new ConcurrentQueue<Exception>();
        var requests = new ConcurrentQueue<(string?, long?, string?)>();
        var options = new RaftServerOptions
        {
            ContentType = TestServer.ContentType,
            MaxRequestBodySize = TestServer.MaxRequestBodySize,
            MaxRequestBytesInFlight = budget,
            BudgetWait = budgetWait ?? TimeSpan.FromSeconds(5),
            MinStreamedBodyDataRate = minDataRate,
            MinStreamedBodyGracePeriod = TimeSpan.FromSeconds(2),
            OnHandlerError = (_, e) => errors.Enqueue(e),
            LoggerFactory = log,
        };
        var endpoint = new RaftEndpoint<IStreamContract>(StreamContractDispatcher.Routes, options, () => service);
        RaftListener listener = await RaftListener.StartAsync(
            context =>
            {
                requests.Enqueue((context.Request.ContentType, context.Request.ContentLength, context.Request.Headers.TransferEncoding.ToString()));
                return endpoint.HandleAsync(context);
            },
            new RaftListenerOptions { BindAddress = IPAddress.Loopback, Port = port, Tls = tls });
        return new StreamTestServer(listener, service, requests, errors);
    }

    public ValueTask DisposeAsync() => Listener.DisposeAsync();
}
