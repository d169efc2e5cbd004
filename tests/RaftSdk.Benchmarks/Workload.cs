using System;
using Google.Protobuf;
using RaftSdk.ChangeAgent;
using RaftSdk.ChangeAgent.Protobufs;
using RaftSdk.Testing;

namespace RaftSdk.Benchmarks;

/// <summary>
/// The bench workload of wire-vectors/README.md in the three forms the transports send it: the
/// domain record (RaftSdk), the protobuf message (gRPC) and the encoded bytes (raw). The server's
/// answer is AppendResponsePb{term 5, success false} (the vector AppendResponsePb-bench.bin).
/// </summary>
internal sealed class Workload
{
    /// <summary>The bytes of AppendResponsePb-bench.bin.</summary>
    public static readonly byte[] AnswerBytes = { 0x08, 0x05, 0x10, 0x00 };

    public const ulong AnswerTerm = 5;

    public Workload(int entries)
    {
        Entries = entries;
        Request = BenchWorkload.Create(entries);
        RequestProto = Request.ToProto();
        RequestBytes = RequestProto.ToByteArray();
    }

    public int Entries { get; }

    public AppendRequest Request { get; }

    public AppendRequestPb RequestProto { get; }

    public byte[] RequestBytes { get; }

    /// <summary>What every server answers to an Append: the request's term, no success.</summary>
    public static AppendResponse Answer(AppendRequest request) => new() { Term = request.Term, Success = false };

    public static void CheckAnswer(ulong term, bool success)
    {
        if (term != AnswerTerm || success)
        {
            throw new InvalidOperationException($"Unexpected answer: term {term}, success {success}.");
        }
    }
}
