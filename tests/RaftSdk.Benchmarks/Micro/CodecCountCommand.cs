using System;
using System.Runtime.InteropServices;
using RaftSdk.ChangeAgent;
using RaftSdk.Mapping;
using RaftSdk.Testing;

namespace RaftSdk.Benchmarks.Micro;

/// <summary>
/// <c>codec-count [iterations]</c>: encode and decode of the bench AppendRequest (K = 1 and 64)
/// through the generated codec, for instruction counts under callgrind rather than wall time
/// (steadier on a shared machine). Each of the four segments is warmed up first (so the JIT has
/// tiered up), then bracketed by <c>getpgrp()</c> and <c>getsid(0)</c> (libc calls the runtime itself does not make): run under
/// <c>valgrind --tool=callgrind --zero-before=getpgrp --dump-before=getsid</c>, each segment
/// is one dump whose total divided by the iterations is the instructions per call.
/// </summary>
internal static class CodecCountCommand
{
    private const int WarmupIterations = 30_000;

    public static int Run(string[] args)
    {
        int iterations = args.Length > 0 && int.TryParse(args[0], out int n) ? n : 2_000;
        foreach (int k in new[] { 1, 64 })
        {
            AppendRequest request = BenchWorkload.Create(k);
            IProtoWritable writable = request;
            byte[] bytes = new byte[writable.CalculateProtoSize()];
            var first = new ProtoWriter(bytes);
            writable.WriteProto(ref first);

            Segment($"encode K={k}", iterations, () =>
            {
                int size = writable.CalculateProtoSize();
                var writer = new ProtoWriter(bytes.AsSpan(0, size));
                writable.WriteProto(ref writer);
                return writer.Position;
            });
            Segment($"decode K={k}", iterations, () =>
            {
                var reader = new ProtoReader((byte[])bytes.Clone());
                return AppendRequest.ReadProto(ref reader).Entries.Count;
            });
        }

        return 0;
    }

    private static void Segment(string name, int iterations, Func<int> operation)
    {
        long sink = 0;
        for (int i = 0; i < WarmupIterations; i++)
        {
            sink += operation();
        }

        _ = Start();
        for (int i = 0; i < iterations; i++)
        {
            sink += operation();
        }

        Stop();
        Console.WriteLine($"{name}: {iterations} calls (checksum {sink})");
    }

    [DllImport("libc", EntryPoint = "getpgrp")]
    private static extern int Start();

    [DllImport("libc", EntryPoint = "getsid")]
    private static extern int GetSid(int pid);

    private static void Stop() => GetSid(0);
}
