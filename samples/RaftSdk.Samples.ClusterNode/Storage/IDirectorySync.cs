namespace RaftSdk.Samples.ClusterNode.Storage;

/// <summary>
/// Makes a folder's entries durable. A file's own fsync does not cover its name: a file created or
/// renamed into a folder survives a power cut only once the folder is flushed as well. A seam so a
/// test can see that the storage asks for it, and in which order.
/// </summary>
internal interface IDirectorySync
{
    void FlushDirectory(string directory);
}
