using System.Threading;

namespace RaftSdk.Server;

/// <summary>
/// Bytes that requests in flight may hold, shared by every call of one endpoint: a call takes
/// its share before allocating and gives it back when answered, so a flood of large or
/// amplifying bodies is refused (503) instead of being buffered.
/// </summary>
internal sealed class RequestMemoryBudget
{
    private readonly long _capacity;
    private long _used;

    public RequestMemoryBudget(long capacity) => _capacity = capacity;

    public long Capacity => _capacity;

    /// <summary>The bytes currently taken.</summary>
    public long Used => Volatile.Read(ref _used);

    public bool TryTake(long bytes)
    {
        if (bytes <= 0)
        {
            return true;
        }

        long used = Volatile.Read(ref _used);
        while (true)
        {
            long next = used + bytes;
            if (next > _capacity)
            {
                return false;
            }

            long seen = Interlocked.CompareExchange(ref _used, next, used);
            if (seen == used)
            {
                return true;
            }

            used = seen;
        }
    }

    public void Give(long bytes)
    {
        if (bytes > 0)
        {
            Interlocked.Add(ref _used, -bytes);
        }
    }
}
