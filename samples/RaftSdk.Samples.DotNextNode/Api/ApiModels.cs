using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using RaftSdk.Samples.DotNextNode.Diagnostics;
using RaftSdk.Samples.DotNextNode.StateMachine;

namespace RaftSdk.Samples.DotNextNode.Api;

/// <summary><c>GET /status</c>, field for field the changeagent node's.</summary>
internal sealed record NodeStatus(ulong Id, string Role, ulong Term, ulong Leader, ulong CommitIndex, ulong LastApplied, ulong LastIndex, ulong LastTerm, int Keys);

/// <summary>The answer to a write: its index, and <c>duplicate: true</c> for a retry of a write applied before (with that write's index).</summary>
internal sealed record WriteResult(long Index, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Duplicate);

internal sealed record ApiError(string Error);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NodeStatus))]
[JsonSerializable(typeof(WriteResult))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(PhasesReport))]
[JsonSerializable(typeof(List<AppliedEntry>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ApiJson : JsonSerializerContext;
