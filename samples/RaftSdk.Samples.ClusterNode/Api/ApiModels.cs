using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using RaftSdk.Samples.ClusterNode.Consensus;

namespace RaftSdk.Samples.ClusterNode.Api;

/// <summary>The answer to a write: the log index it committed at; for a retry of a write applied before, that write's index and <c>duplicate: true</c>.</summary>
internal sealed record WriteResult(ulong Index, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Duplicate);

/// <summary>An error, with what happened and why.</summary>
internal sealed record ApiError(string Error);

/// <summary>A log entry as the API shows it; <c>client</c> and <c>seq</c> are null for a write without them and for a no-op.</summary>
internal sealed record LogEntryView(ulong Index, ulong Term, int Type, string Key, string Value, string? Client, ulong? Seq);

/// <summary>JSON without reflection for the API's types.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NodeStatus))]
[JsonSerializable(typeof(WriteResult))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(List<LogEntryView>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ApiJson : JsonSerializerContext;
