using System.Diagnostics.Tracing;
using System.Threading;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// Counts the X.509 chain builds of this whole process while it lives, from the event .NET's
/// OpenSSL chain code writes at the start of each build (Linux). Process-wide: only tests that
/// run alone can read an exact count from it.
/// </summary>
internal sealed class ChainBuildCounter : EventListener
{
    private const string SourceName = "System.Security.Cryptography.X509Certificates.X509Chain.OpenSsl";
    private const int ChainStartEventId = 1;

    // Set from the base constructor (for sources made before this listener): no initializers.
    private int _count;
    private int _sourceSeen;

    /// <summary>Chain builds started since this listener was made.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>True once the chain event source was found (else <see cref="Count"/> would say nothing).</summary>
    public bool SourceSeen => Volatile.Read(ref _sourceSeen) != 0;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName)
        {
            Volatile.Write(ref _sourceSeen, 1);
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId == ChainStartEventId && eventData.EventSource.Name == SourceName)
        {
            Interlocked.Increment(ref _count);
        }
    }
}
