using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace RaftSdk.DotNext.Tests.Infrastructure;

/// <summary>Waits for a condition the cluster reaches on its own, polling; bounded, with what was awaited in the failure.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"Not within {seconds} s: {what}.");
            }

            await Task.Delay(20);
        }
    }
}
