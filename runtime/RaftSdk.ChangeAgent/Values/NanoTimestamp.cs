using System;
using System.Globalization;

namespace RaftSdk.ChangeAgent;

/// <summary>
/// A point in time as signed nanoseconds since 1970-01-01 UTC: the wire form of changeagent's
/// entry timestamps (<c>int64</c>). <see cref="DateTimeOffset"/> holds 100 ns ticks and would
/// lose the last two digits, so the nanoseconds are kept as they came.
/// </summary>
public readonly record struct NanoTimestamp(long UnixNanoseconds) : IComparable<NanoTimestamp>
{
    private const long NanosecondsPerTick = 100;

    /// <summary>The current time, at the clock's resolution (100 ns).</summary>
    public static NanoTimestamp Now => FromDateTimeOffset(DateTimeOffset.UtcNow);

    /// <summary>Converts a <see cref="DateTimeOffset"/>; exact, since ticks are whole nanoseconds.</summary>
    public static NanoTimestamp FromDateTimeOffset(DateTimeOffset value) =>
        new((value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * NanosecondsPerTick);

    /// <summary>Converts to a <see cref="DateTimeOffset"/>, truncating to 100 ns.</summary>
    public DateTimeOffset ToDateTimeOffset() =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + FloorDiv(UnixNanoseconds, NanosecondsPerTick), TimeSpan.Zero);

    /// <inheritdoc />
    public int CompareTo(NanoTimestamp other) => UnixNanoseconds.CompareTo(other.UnixNanoseconds);

    /// <summary>ISO 8601 UTC with nine fractional digits, e.g. <c>2023-11-14T22:13:20.123456789Z</c>.</summary>
    public override string ToString()
    {
        long seconds = FloorDiv(UnixNanoseconds, 1_000_000_000);
        long nanos = UnixNanoseconds - (seconds * 1_000_000_000);
        DateTimeOffset whole = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return string.Create(CultureInfo.InvariantCulture, $"{whole:yyyy-MM-ddTHH:mm:ss}.{nanos:D9}Z");
    }

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    }
}
