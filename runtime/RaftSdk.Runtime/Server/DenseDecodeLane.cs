using System;
using System.Threading;

namespace RaftSdk.Server;

/// <summary>
/// The one call of an endpoint that may decode a field-dense body: one that went past the fields
/// it was first charged for (<see cref="RequestBodyReader.ExpectedFields"/>) and now needs its
/// worst-case charge. One at a time, because two such charges do not fit the default budget
/// together, and a second call holding its body while waiting for the rest could lock with the
/// first; a second dense call is answered 503 at once instead.
/// <para>
/// A dense call runs a full, blocking garbage collection before it decodes and another when it
/// leaves the lane, before its charge is given back. A dense body decodes to a million and more
/// small records that live long enough to reach the oldest generation, and large bodies are in the
/// large object heap, so all of it is garbage only a full collection frees: without these, dense
/// bodies decoded in turn each left their ~170 MB behind, and the calls refused before them their
/// bodies, and the process grew past twice the budget (issue 18: <c>HostileBodyMemoryTests</c>,
/// +325 to +352 MiB against +288 allowed). With them the budget's free bytes are free memory
/// when the largest decoding starts and after it.
/// </para>
/// </summary>
internal sealed class DenseDecodeLane
{
    private int _taken;

    /// <summary>Takes the lane; false when another call holds it.</summary>
    public bool TryEnter() => Interlocked.CompareExchange(ref _taken, 1, 0) == 0;

    /// <summary>Frees what calls before left behind (nothing of theirs may be reachable by now).</summary>
    public static void Collect() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);

    /// <summary>Frees what the dense call decoded (unreachable by now), then the lane.</summary>
    public void Exit()
    {
        Collect();
        Volatile.Write(ref _taken, 0);
    }
}
