using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace RaftSdk.Tls;

/// <summary>
/// Watches the three PEM files of a node and calls back, debounced, when any of them changed:
/// the callback runs once the files have been quiet for the debounce interval, so a key and a
/// certificate written one after the other are read together. Changes are noticed by a
/// FileSystemWatcher on the files' directories (renames and symbolic-link swaps included, as
/// Kubernetes does with secrets) and, as a safety net for file systems that do not report
/// changes, by comparing the files' size and time stamp every few seconds.
/// </summary>
internal sealed class TlsFileWatcher : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private readonly string[] _files;
    private readonly Action<string, string, string> _reload;
    private readonly TimeSpan _debounce;
    private readonly List<FileSystemWatcher> _watchers = new();
    private readonly Timer _debounceTimer;
    private readonly Timer _pollTimer;
    private readonly object _gate = new();
    private string _stamps;
    private bool _disposed;

    public TlsFileWatcher(string keyFile, string certificateFile, string caFile, TimeSpan debounce, Action<string, string, string> reload)
    {
        _files = [Path.GetFullPath(keyFile), Path.GetFullPath(certificateFile), Path.GetFullPath(caFile)];
        _reload = reload;
        _debounce = debounce;
        _stamps = Stamps();
        _debounceTimer = new Timer(_ => Fire(), null, Timeout.Infinite, Timeout.Infinite);
        _pollTimer = new Timer(_ => Poll(), null, PollInterval, PollInterval);
        foreach (string directory in new HashSet<string>(Array.ConvertAll(_files, f => Path.GetDirectoryName(f)!), StringComparer.Ordinal))
        {
            TryWatch(directory);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        foreach (FileSystemWatcher watcher in _watchers)
        {
            watcher.Dispose();
        }

        _debounceTimer.Dispose();
        _pollTimer.Dispose();
    }

    private void TryWatch(string directory)
    {
        try
        {
            var watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += (_, _) => Touch();
            watcher.Created += (_, _) => Touch();
            watcher.Renamed += (_, _) => Touch();
            watcher.Deleted += (_, _) => Touch();
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // Out of inotify instances, a directory that went away: the poll still notices changes.
        }
    }

    /// <summary>Something in a watched directory changed: (re)start the quiet period.</summary>
    private void Touch()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _debounceTimer.Change(_debounce, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Poll()
    {
        if (!string.Equals(Stamps(), Volatile.Read(ref _stamps), StringComparison.Ordinal))
        {
            Touch();
        }
    }

    private void Fire()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            string stamps = Stamps();
            if (string.Equals(stamps, _stamps, StringComparison.Ordinal))
            {
                return; // another file of the directory changed, not ours
            }

            _stamps = stamps;
            _reload(_files[0], _files[1], _files[2]);
        }
    }

    /// <summary>Size and last write time of each file (through symbolic links), to tell a change of ours from another file's.</summary>
    private string Stamps()
    {
        var text = new System.Text.StringBuilder();
        foreach (string file in _files)
        {
            try
            {
                var info = new FileInfo(file);
                FileSystemInfo target = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
                text.Append(((FileInfo)target).Length).Append(':').Append(target.LastWriteTimeUtc.Ticks).Append('|');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                text.Append("missing|");
            }
        }

        return text.ToString();
    }
}
