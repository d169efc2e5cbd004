using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace RaftSdk.Hosting;

/// <summary>
/// A host lifetime that does nothing. The default console lifetime would catch Ctrl+C and
/// SIGTERM for the whole process and print banners; a listener inside someone else's process
/// must do neither.
/// </summary>
internal sealed class QuietHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
