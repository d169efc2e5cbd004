using System;
using System.Collections.Generic;
using RaftSdk.Generators.Common;

namespace RaftSdk.Generators.Proto;

/// <summary>
/// The messages of every .proto file, found by the C# name protoc gives their classes. Built once
/// per change to the .proto files; every [ProtoMessage] record is paired with it, so equality
/// checks the same instance first and the lookup is a dictionary, not a walk over all files.
/// </summary>
internal sealed record ProtoCatalog
{
    public static readonly ProtoCatalog Empty = new(EquatableArray<ProtoFile>.Empty);

    private readonly Dictionary<string, ProtoMessage> _byCSharpName = new(StringComparer.Ordinal);
    private readonly int _hash;

    /// <param name="files">In a stable order: when two files define one class name, the first wins.</param>
    public ProtoCatalog(EquatableArray<ProtoFile> files)
    {
        Files = files;
        foreach (ProtoFile file in files)
        {
            foreach (ProtoMessage message in file.Messages)
            {
                if (!_byCSharpName.ContainsKey(message.CSharpFullName))
                {
                    _byCSharpName.Add(message.CSharpFullName, message);
                }
            }
        }

        _hash = files.GetHashCode();
    }

    public EquatableArray<ProtoFile> Files { get; }

    public ProtoMessage? Find(string csharpFullName) => _byCSharpName.TryGetValue(csharpFullName, out ProtoMessage? message) ? message : null;

    public bool Equals(ProtoCatalog? other) => ReferenceEquals(this, other) || (other is not null && _hash == other._hash && Files.Equals(other.Files));

    public override int GetHashCode() => _hash;
}
