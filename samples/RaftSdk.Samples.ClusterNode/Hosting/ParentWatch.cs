using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RaftSdk.Samples.ClusterNode.Hosting;

/// <summary>
/// Stops the node when a given process ends: a launcher (or a test host) that dies without
/// killing its nodes, killed itself for instance, leaves none behind.
/// </summary>
internal static class ParentWatch
{
    public static void Start(int processId, IHostApplicationLifetime lifetime, ILogger logger)
    {
        if (processId == 0)
        {
            return;
        }

        Process parent;
        try
        {
            parent = Process.GetProcessById(processId);
        }
        catch (ArgumentException)
        {
            logger.LogWarning("Process {Pid} to exit with is already gone: stopping", processId);
            lifetime.StopApplication();
            return;
        }

        _ = Task.Run(async () =>
        {
            using (parent)
            {
                await parent.WaitForExitAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
            }

            logger.LogWarning("Process {Pid} ended: stopping", processId);
            lifetime.StopApplication();
        });
    }
}
