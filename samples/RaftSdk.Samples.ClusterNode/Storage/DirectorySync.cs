using System;
using System.IO;
using System.Runtime.InteropServices;

namespace RaftSdk.Samples.ClusterNode.Storage;

/// <summary>
/// fsync(2) of a folder on Linux and macOS: .NET opens no handle to a folder, so libc's open, fsync
/// and close are called directly. On Windows nothing is done: NTFS journals a name change with the
/// file's metadata, and there is no folder handle to flush.
/// </summary>
internal sealed partial class DirectorySync : IDirectorySync
{
    public static readonly DirectorySync Instance = new();

    private const int ReadOnly = 0; // O_RDONLY: the same on every Unix; a folder cannot be opened for writing

    private DirectorySync()
    {
    }

    public void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
        {
            throw Failure("open", directory);
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw Failure("fsync", directory);
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    private static IOException Failure(string call, string directory)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} of the folder {directory} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
