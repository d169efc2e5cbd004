using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Connections;

namespace RaftSdk.Samples.DotNextNode.Transports;

/// <summary>
/// A member's end point as the node's <c>--peers</c> list writes it (<c>host:port</c>), whatever
/// type the transport gives it: <see cref="IPEndPoint"/> (TCP, RaftSdk), <see cref="DnsEndPoint"/>
/// (RaftSdk with a host name) or <see cref="UriEndPoint"/> (DotNext's HTTP transport), so
/// <c>GET /status</c> can name the leader by id on every transport.
/// </summary>
internal static class MemberAddress
{
    public static string Format(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => ip.ToString(),
        DnsEndPoint dns => dns.Host + ":" + dns.Port.ToString(CultureInfo.InvariantCulture),
        UriEndPoint uri => uri.Uri.Host + ":" + uri.Uri.Port.ToString(CultureInfo.InvariantCulture),
        _ => endPoint.ToString() ?? string.Empty,
    };
}
