using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Routing;
using RaftSdk.Hosting;
using RaftSdk.Tls;

namespace RaftSdk.ChangeAgent;

/// <summary>
/// Entry points of the changeagent communication module (Go package <c>communication</c>):
/// the content type, the default responses and the three ways to start a node.
/// </summary>
public static class RaftCommunication
{
    /// <summary>The content type of every request and response body.</summary>
    public const string ContentType = "application/changeagent+protobuf";

    /// <summary>The text of the 503 answer to a peer until <see cref="ICommunication.SetRaft"/> is called, as the Go original words it.</summary>
    public const string RaftNotSetMessage = "Raft not set: SetRaft has not been called on this node";

    /// <summary>A convenient empty append response.</summary>
    public static readonly AppendResponse DefaultAppendResponse = new();

    /// <summary>A convenient empty proposal response.</summary>
    public static readonly ProposalResponse DefaultProposalResponse = new();

    /// <summary>
    /// Maps the routes onto an existing ASP.NET Core app (Go: <c>StartHTTPCommunication(mux)</c>).
    /// The app serves them on its own addresses; <see cref="ICommunication.Port"/> is 0.
    /// </summary>
    public static ICommunication StartHttpCommunication(IEndpointRouteBuilder endpoints, RaftCommunicationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var communication = new Communication(options ?? RaftCommunicationOptions.Default, tls: null);
        communication.Endpoint.MapTo(endpoints);
        return communication;
    }

    /// <summary>
    /// Starts a separate listener on <paramref name="port"/> (0: any free port; see
    /// <see cref="ICommunication.Port"/>) (Go: <c>StartSeparateCommunication(port)</c>).
    /// </summary>
    public static Task<ICommunication> StartSeparateCommunicationAsync(int port, RaftCommunicationOptions? options = null, CancellationToken cancellationToken = default) =>
        StartListenerAsync(port, options ?? RaftCommunicationOptions.Default, tls: null, cancellationToken);

    /// <summary>
    /// Starts a separate listener with mutual TLS (Go: <c>StartSecureCommunication</c>). All three
    /// PEM files are required. Peers are verified against the CA file only, without a host-name
    /// check; the node's certificate serves as both server and client certificate.
    /// </summary>
    public static Task<ICommunication> StartSecureCommunicationAsync(
        int port, string keyFile, string certFile, string caFile, RaftCommunicationOptions? options = null, CancellationToken cancellationToken = default)
    {
        RaftTlsCredentials tls = RaftTlsCredentials.Load(keyFile, certFile, caFile);
        return StartListenerAsync(port, options ?? RaftCommunicationOptions.Default, tls, cancellationToken);
    }

    private static async Task<ICommunication> StartListenerAsync(int port, RaftCommunicationOptions options, RaftTlsCredentials? tls, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var communication = new Communication(options, tls);
        try
        {
            var listenerOptions = new RaftListenerOptions
            {
                Port = port,
                BindAddress = options.BindAddress,
                Tls = tls,
                MaxRequestBodySize = options.MaxRequestBodySize,
                MaxConnections = options.MaxConnections,
                LoggerFactory = options.LoggerFactory,
            };
            communication.Listener = await RaftListener.StartAsync(communication.Endpoint.HandleAsync, listenerOptions, cancellationToken).ConfigureAwait(false);
            return communication;
        }
        catch
        {
            await communication.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
