using System;
using System.Linq;
using System.Threading.Tasks;
using RaftSdk.Benchmarks.Compare;
using RaftSdk.Benchmarks.Load;
using RaftSdk.Benchmarks.Micro;
using RaftSdk.Benchmarks.Serve;

namespace RaftSdk.Benchmarks;

/// <summary>Entry point: <c>serve</c>, <c>load</c>, <c>compare</c> or <c>micro</c>; see docs/performance.md.</summary>
public static class Program
{
    private const string Usage = """
        RaftSdk benchmarks (docs/performance.md)

          serve   --port P [--kind raftsdk|grpc|raw] [--bind 127.0.0.1] [--tls DIR] [--control-port Q]
                  [--max-seconds S] [--exit-on-stdin-close]
                  A server whose Append answers at once. --tls DIR: mutual TLS with DIR/server/*.pem
                  (a throwaway CA and server/client certificates are generated there when missing).
                  Prints one JSON line when ready (port, control port); GET /stats on the control
                  port reports the process's CPU time, allocated bytes and JIT counts.
          load    --target host:port [--kind raftsdk|grpc|raw] [--entries K] [--concurrency C]
                  [--requests N] [--warmup-seconds 3] [--warmup-max-seconds 30]
                  [--tls DIR | --key F --cert F --ca F] [--server-control host:port] [--json]
                  Drives a changeagent-compatible server with the bench workload (K entries). The
                  warm-up goes on past W seconds, in 1 s slices, until the JIT of the client (and of
                  the server, with --server-control) is quiet; --warmup-max-seconds W: timed only.
          compare [--requests 20000] [--warmup-seconds 3] [--warmup-max-seconds 30] [--reps 3] [--entries 0,1,64]
                  [--concurrency 1,16] [--security plain,tls] [--transports raftsdk,grpc,raw,pipe1,pipe16,pipe64]
                  [--out compare-results.json] [--max-minutes 40]
                  RaftSdk, RaftSdk pipelined (pipeN: depth N), grpc-dotnet unary and the raw ceiling side by side, alternating.
          micro   [BenchmarkDotNet options, e.g. --filter *]
                  Encode/decode of AppendRequest (K = 0, 1, 64): generated mapping vs Google.Protobuf.
          codec-count [iterations]
                  Encode/decode of AppendRequest (K = 1, 64) through the generated codec, each
                  segment between getpgrp() and getsid(0): for callgrind instruction counts
                  (--zero-before=getpgrp --dump-before=getsid; docs/performance.md).
          generator [BenchmarkDotNet options]
                  The source generator over 200 contracts x 8 calls: full run, unrelated edit, one
                  contract edited, each beside a driver with no generator; C# compile of its output.
          generator-steps [rounds] [untracked]
                  Where a run after an unrelated edit spends its time (the driver's step tracking),
                  then its wall time without tracking; a profile, not a benchmark.
          hostile --target host:port [--requests 64] [--bytes 8388608] [--server-pid PID] [--timeout-seconds 120]
                  Sends N amplifying Append bodies (entries of two one-byte fields) at once; reports
                  the statuses, the slowest answer and the server's peak RSS (VmHWM, reset first).
          flood   --target host:port [--connections 4] [--peer-calls 30] [--bytes 8388608]
                  N connections send amplifying Appends in a loop while a peer sends real Appends of
                  the same size one after the other; reports the peer's and the flood's statuses.
          refused --target host:port --server-control host:port [--connections 64] [--concurrency 4] [--bytes 33554432]
                  Connections with a self-signed client certificate (refused by a serve --tls node)
                  each announce an Append of N bytes and push the body until the server closes;
                  reports the body bytes the server took and its CPU per connection and per GiB.
          soak    [--minutes 1] [--concurrency 8] [--throw-share 0.02] [--slow-share 0.05]
                  [--restart-every-seconds 30] [--seed 1] [--max-entries 16000000]
                  A leader appends checked entries to a follower while the follower is restarted,
                  slow or throwing and mutated bodies are mixed in; reports calls, failures by kind,
                  lost/duplicated/corrupt entries and RSS over time (docs/reliability.md).
          fuzz    [--seconds 60] [--seed 1] [--vectors DIR]
                  Seeded mutations of the golden vectors (the tests' copy, or DIR/*.bin) through every direct reader; any exception
                  other than ProtoReadException is printed with its input.
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        string[] rest = args.Skip(1).ToArray();
        try
        {
            return args[0] switch
            {
                "serve" => await ServeCommand.RunAsync(new CommandLine(rest, new[] { "exit-on-stdin-close" })),
                "load" => await LoadCommand.RunAsync(new CommandLine(rest, new[] { "json" })),
                "compare" => await CompareCommand.RunAsync(new CommandLine(rest, Array.Empty<string>())),
                "micro" => MicroCommand.Run(rest),
                "generator" => Generator.GeneratorCommand.Run(rest),
                "generator-steps" => Generator.GeneratorStepsCommand.Run(rest),
                "codec-count" => CodecCountCommand.Run(rest),
                "hostile" => await Soak.HostileCommand.RunAsync(new CommandLine(rest, Array.Empty<string>())),
                "flood" => await Soak.FloodCommand.RunAsync(new CommandLine(rest, Array.Empty<string>())),
                "refused" => await Soak.RefusedCommand.RunAsync(new CommandLine(rest, Array.Empty<string>())),
                "soak" => await Soak.SoakCommand.RunAsync(new CommandLine(rest, Array.Empty<string>())),
                "fuzz" => Soak.FuzzCommand.Run(new CommandLine(rest, Array.Empty<string>())),
                _ => throw new UsageException($"Unknown command '{args[0]}'."),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }
}
