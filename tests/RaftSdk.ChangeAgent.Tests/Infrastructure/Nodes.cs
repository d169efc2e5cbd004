using System.Net;
using System.Threading.Tasks;

namespace RaftSdk.ChangeAgent.Tests.Infrastructure;

/// <summary>Starts real nodes on 127.0.0.1 with port 0.</summary>
internal static class Nodes
{
    public static RaftCommunicationOptions Loopback(long maxRequestBodySize = 8 * 1024 * 1024) =>
        new() { BindAddress = IPAddress.Loopback, MaxRequestBodySize = maxRequestBodySize };

    public static async Task<ICommunication> StartAsync(IRaft? raft, RaftCommunicationOptions? options = null)
    {
        ICommunication node = await RaftCommunication.StartSeparateCommunicationAsync(0, options ?? Loopback());
        if (raft is not null)
        {
            node.SetRaft(raft);
        }

        return node;
    }

    public static async Task<ICommunication> StartSecureAsync(IRaft? raft, RaftSdk.Tls.NodeCertificateFiles files)
    {
        ICommunication node = await RaftCommunication.StartSecureCommunicationAsync(0, files.KeyFile, files.CertificateFile, files.CaFile, Loopback());
        if (raft is not null)
        {
            node.SetRaft(raft);
        }

        return node;
    }

    public static string Address(this ICommunication node) => "127.0.0.1:" + node.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
