using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RaftSdk.ChangeAgent;
using RaftSdk.Hosting;
using RaftSdk.Tls;

namespace RaftSdk.Benchmarks.Serve;

/// <summary>
/// <c>serve</c>: runs one server whose Append answers at once, until told to quit, until its
/// standard input closes (with <c>--exit-on-stdin-close</c>), on Ctrl+C, or after
/// <c>--max-seconds</c>. Kinds: <c>raftsdk</c> (a changeagent node through the public API),
/// <c>grpc</c> (grpc-dotnet unary, h2c or TLS), <c>raw</c> (a RaftListener answering pre-encoded
/// bytes) and <c>kestrel</c> (the same request delegate on a slim ASP.NET Core app's Kestrel). A second loopback listener, the control port, answers <c>GET /stats</c> with this
/// process's CPU time and allocated bytes, and <c>POST /quit</c>. Prints one JSON line when ready.
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(CommandLine args)
    {
        string kind = args.Text("kind", "raftsdk");
        int port = args.Int("port", 0);
        int controlPort = args.Int("control-port", 0);
        IPAddress bind = IPAddress.Parse(args.Text("bind", "127.0.0.1"));
        string? tlsDirectory = args.Text("tls");
        bool exitOnStdinClose = args.Has("exit-on-stdin-close");
        double maxSeconds = args.Double("max-seconds", 3600);
        args.EnsureAllRead();

        NodeCertificateFiles? files = null;
        if (tlsDirectory is not null)
        {
            BenchPki.EnsureCreated(tlsDirectory);
            files = BenchPki.ServerFiles(tlsDirectory);
        }

        var quit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            quit.TrySetResult();
        };

        await using RaftListener control = await RaftListener.StartAsync(
            context => HandleControlAsync(context, quit),
            new RaftListenerOptions { Port = controlPort, BindAddress = IPAddress.Loopback });

        IAsyncDisposable server;
        int boundPort;
        switch (kind)
        {
            case "raftsdk":
                (server, boundPort) = await StartRaftSdkAsync(port, bind, files);
                break;
            case "grpc":
                (server, boundPort) = await StartGrpcAsync(port, bind, files, quit);
                break;
            case "raw":
                (server, boundPort) = await StartRawAsync(port, bind, files);
                break;
            case "kestrel":
                (server, boundPort) = await StartKestrelAsync(port, bind, files, quit);
                break;
            default:
                throw new UsageException($"--kind must be raftsdk, grpc, raw or kestrel, not '{kind}'.");
        }

        await using (server)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new ReadyLine(kind, boundPort, control.Port, Environment.ProcessId, files is not null)));
            Console.Out.Flush();

            if (exitOnStdinClose)
            {
                var watcher = new Thread(() =>
                {
                    while (Console.In.ReadLine() is not null)
                    {
                    }

                    quit.TrySetResult();
                })
                {
                    IsBackground = true,
                    Name = "stdin watcher",
                };
                watcher.Start();
            }

            await Task.WhenAny(quit.Task, Task.Delay(TimeSpan.FromSeconds(maxSeconds)));
        }

        return 0;
    }

    private static async Task<(IAsyncDisposable, int)> StartRaftSdkAsync(int port, IPAddress bind, NodeCertificateFiles? files)
    {
        var options = new RaftCommunicationOptions { BindAddress = bind };
        ICommunication node = files is null
            ? await RaftCommunication.StartSeparateCommunicationAsync(port, options)
            : await RaftCommunication.StartSecureCommunicationAsync(port, files.KeyFile, files.CertificateFile, files.CaFile, options);
        node.SetRaft(new BenchRaft());
        return (node, node.Port);
    }

    private static async Task<(IAsyncDisposable, int)> StartRawAsync(int port, IPAddress bind, NodeCertificateFiles? files)
    {
        RaftTlsCredentials? tls = files?.LoadCredentials();
        RaftListener listener = await RaftListener.StartAsync(RawServer.HandleAsync, new RaftListenerOptions { Port = port, BindAddress = bind, Tls = tls });
        return (listener, listener.Port);
    }

    private static Task<(IAsyncDisposable, int)> StartGrpcAsync(int port, IPAddress bind, NodeCertificateFiles? files, TaskCompletionSource quit) =>
        StartAppAsync(port, bind, files, quit, HttpProtocols.Http2, builder => builder.Services.AddGrpc(), app => app.MapGrpcService<GrpcBenchService>());

    // raw's request delegate on Kestrel as a slim ASP.NET Core app sets it up, without RaftListener's
    // connection admission (IdleConnectionEviction), handshake callbacks and limits: what the
    // listener's own middleware costs per connection is the difference to raw.
    private static Task<(IAsyncDisposable, int)> StartKestrelAsync(int port, IPAddress bind, NodeCertificateFiles? files, TaskCompletionSource quit) =>
        StartAppAsync(port, bind, files, quit, HttpProtocols.Http1, _ => { }, app => app.Run(RawServer.HandleAsync));

    private static async Task<(IAsyncDisposable, int)> StartAppAsync(
        int port, IPAddress bind, NodeCertificateFiles? files, TaskCompletionSource quit, HttpProtocols protocols, Action<WebApplicationBuilder> services, Action<WebApplication> map)
    {
        RaftTlsCredentials? tls = files?.LoadCredentials();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(bind, port, listen =>
            {
                // gRPC: h2c needs HTTP/2 only (prior knowledge); with TLS, ALPN picks h2.
                listen.Protocols = protocols;
                if (tls is not null)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = tls.Certificate,
                        ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                        CheckCertificateRevocation = false,
                        ClientCertificateValidation = (certificate, chain, _) => tls.ValidatePeer(certificate, chain),
                    });
                }
            });
        });
        services(builder);
        WebApplication app = builder.Build();
        map(app);
        await app.StartAsync();
        app.Lifetime.ApplicationStopping.Register(() => quit.TrySetResult());
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (new AppServer(app, tls), new Uri(address).Port);
    }

    private static async Task HandleControlAsync(HttpContext context, TaskCompletionSource quit)
    {
        switch (context.Request.Path.Value)
        {
            case "/stats":
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(ProcessStats.Now()));
                break;
            case "/quit":
                quit.TrySetResult();
                context.Response.StatusCode = 200;
                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }
    }

    internal sealed record ReadyLine(string Kind, int Port, int ControlPort, int ProcessId, bool Tls);

    private sealed class AppServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly RaftTlsCredentials? _tls;

        public AppServer(WebApplication app, RaftTlsCredentials? tls)
        {
            _app = app;
            _tls = tls;
        }

        public async ValueTask DisposeAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
            _tls?.Dispose();
        }
    }
}
