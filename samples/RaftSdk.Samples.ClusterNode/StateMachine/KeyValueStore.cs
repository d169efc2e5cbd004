using System.Collections.Generic;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Samples.ClusterNode.StateMachine;

/// <summary>The replicated state machine: committed writes applied in log order. Guarded by the node's gate.</summary>
internal sealed class KeyValueStore
{
    private readonly Dictionary<string, string> _values = new(System.StringComparer.Ordinal);

    public int Count => _values.Count;

    public void Apply(Entry entry)
    {
        if (Command.IsWrite(entry))
        {
            _values[Command.KeyOf(entry)] = Command.ValueOf(entry);
        }
    }

    public bool TryGet(string key, out string? value) => _values.TryGetValue(key, out value);

    public Dictionary<string, string> Snapshot() => new(_values, System.StringComparer.Ordinal);
}
