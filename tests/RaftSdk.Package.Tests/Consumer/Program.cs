using System.Net;
using Consumer;
using RaftSdk;
using RaftSdk.ChangeAgent;
using RaftSdk.Hosting;
using RaftSdk.Server;
using RaftSdk.Transport;

// 1. The consumer's own contract: its server on loopback, its generated client calling it.
var endpoint = new RaftEndpoint<IGreeter>(
    GreeterDispatcher.Routes,
    new RaftServerOptions { ContentType = GreeterDispatcher.ContentType },
    () => new Greeter());
await using RaftListener listener = await RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback });
using var core = new RaftClientCore(new RaftClientOptions { ContentType = GreeterClient.ContentType });
var greeter = new GreeterClient(core);
HelloReply reply = await greeter.HelloAsync($"127.0.0.1:{listener.Port}", new HelloRequest("consumer", 2));
Console.WriteLine($"own contract: {reply.Text} (served by {reply.ServedBy})");

// 2. The changeagent contract shipped in the package.
var options = new RaftCommunicationOptions { BindAddress = IPAddress.Loopback };
await using ICommunication alpha = await RaftCommunication.StartSeparateCommunicationAsync(0, options);
await using ICommunication beta = await RaftCommunication.StartSeparateCommunicationAsync(0, options);
alpha.SetRaft(new QuietRaft(new NodeId(1)));
beta.SetRaft(new QuietRaft(new NodeId(36)));
NodeId betaId = await alpha.DiscoverAsync($"127.0.0.1:{beta.Port}");
AppendResponse append = await alpha.AppendAsync($"127.0.0.1:{beta.Port}", new AppendRequest { Term = 7, LeaderId = new NodeId(1) });
Console.WriteLine($"changeagent: discovered {betaId}, append in term {append.Term} success={append.Success}");

internal sealed class QuietRaft(NodeId id) : IRaft
{
    public NodeId MyId() => id;

    public Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new VoteResponse { NodeId = id, Term = request.Term, VoteGranted = true });

    public Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new AppendResponse { Term = request.Term, Success = true });

    public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken) =>
        Task.FromResult(new ProposalResponse { NewIndex = entry.Index });

    public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ProposalResponse());
}
