using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace RaftSdk.Samples.Cluster.Processes;

/// <summary>
/// Ports for the nodes, asked of the operating system (bind to port 0, read, release). Each node
/// keeps its ports across a restart, because its peers know it by address; a port taken by someone
/// else in the moment between release and the node's bind makes that node fail to start, with a message.
/// </summary>
public static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return listeners.ConvertAll(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (TcpListener listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
