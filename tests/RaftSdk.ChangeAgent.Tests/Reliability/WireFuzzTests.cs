using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent.Tests.Infrastructure;
using RaftSdk.ChangeAgent.Tests.Vectors;
using RaftSdk.Mapping;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests.Reliability;

/// <summary>
/// Mutations of the golden vectors with fixed seeds: the direct readers throw nothing but
/// ProtoReadException, and the server answers no 5xx (the longer run: the benchmarks' <c>fuzz</c> command).
/// </summary>
public sealed class WireFuzzTests
{
    private static readonly (string Path, string Hex)[] Seeds =
    [
        ("/raft/requestvote", GoldenVectors.VoteRequestBasic),
        ("/raft/append", GoldenVectors.AppendRequestBenchK0),
        ("/raft/append", GoldenVectors.AppendRequestBenchK2),
        ("/raft/propose", GoldenVectors.EntryPropose),
        ("/raft/propose", GoldenVectors.EntryEmpty),
        ("/raft/join", GoldenVectors.JoinRequestLast),
    ];

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Readers_throw_only_ProtoReadException(ulong seed)
    {
        var random = new SplitMix64(seed);
        int decoded = 0;
        foreach ((string path, string hex) in Seeds)
        {
            Func<byte[], object> decode = WireFuzz.Routes.Single(r => r.Path == path).Decode;
            byte[] original = GoldenVectors.Bytes(hex);
            for (int i = 0; i < 3000; i++)
            {
                byte[] mutated = WireFuzz.Mutate(original, random);
                try
                {
                    decode(mutated);
                    decoded++;
                }
                catch (ProtoReadException)
                {
                }
            }
        }

        // Some mutations keep a valid message (unknown fields, changed values): the reader got past the first byte.
        Assert.InRange(decoded, 1, (Seeds.Length * 3000) - 1);
    }

    [Fact]
    public async Task Server_answers_mutated_bodies_without_5xx()
    {
        await using ICommunication node = await Nodes.StartAsync(new QuietRaft());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var random = new SplitMix64(42);
        var statuses = new Dictionary<int, int>();
        foreach ((string path, string hex) in Seeds)
        {
            byte[] original = GoldenVectors.Bytes(hex);
            for (int i = 0; i < 60; i++)
            {
                var content = new ByteArrayContent(WireFuzz.Mutate(original, random));
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(RaftCommunication.ContentType);
                using HttpResponseMessage response = await http.PostAsync($"http://{node.Address()}{path}", content);
                statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            }
        }

        Assert.All(statuses.Keys, status => Assert.Contains(status, new[] { 200, 400 }));
        Assert.True(statuses.ContainsKey(400) && statuses.ContainsKey(200));
    }
}
