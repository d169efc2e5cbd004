using System;
using System.IO;
using System.Net;
using System.Text;
using System.Threading.Channels;
using System.Threading.Tasks;
using RaftSdk;
using RaftSdk.ChangeAgent;
using RaftSdk.Samples.TwoNodes;
using RaftSdk.Tls;

// Two changeagent nodes on loopback run the original test scenario against each other.
// `--tls` runs them with mutual TLS, using a throwaway CA generated at start.
bool tls = Array.IndexOf(args, "--tls") >= 0;
var options = new RaftCommunicationOptions { BindAddress = IPAddress.Loopback };
string? pkiDirectory = null;
int failures = 0;

async Task<ICommunication> StartNodeAsync(string name)
{
    if (!tls)
    {
        return await RaftCommunication.StartSeparateCommunicationAsync(0, options);
    }

    NodeCertificateFiles files = Pki.Authority!.WriteNodeFiles(pkiDirectory!, name);
    return await RaftCommunication.StartSecureCommunicationAsync(0, files.KeyFile, files.CertificateFile, files.CaFile, options);
}

void Check(string step, bool ok, object result)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {step}: {result}");
    if (!ok)
    {
        failures++;
    }
}

if (tls)
{
    pkiDirectory = Path.Combine(Path.GetTempPath(), "raftsdk-sample-" + Guid.NewGuid().ToString("N"));
    Pki.Authority = DevelopmentCertificateAuthority.Create("RaftSdk sample CA (throwaway)");
    Console.WriteLine($"Generated a throwaway CA and node certificates in {pkiDirectory}");
}

try
{
    await using ICommunication alpha = await StartNodeAsync("alpha");
    await using ICommunication beta = await StartNodeAsync("beta");
    alpha.SetRaft(new SampleRaft("alpha", new NodeId(1)));
    beta.SetRaft(new SampleRaft("beta", new NodeId(2)));
    string alphaAddress = $"127.0.0.1:{alpha.Port}";
    string betaAddress = $"127.0.0.1:{beta.Port}";
    Console.WriteLine($"alpha listens on {alphaAddress}, beta on {betaAddress} ({(tls ? "mutual TLS" : "plain HTTP")})");

    NodeId betaId = await alpha.DiscoverAsync(betaAddress);
    Check("1. alpha discovers beta", betaId == new NodeId(2), $"beta's id is {betaId}");

    var votes = Channel.CreateUnbounded<VoteResponse>();
    alpha.RequestVote(betaAddress, new VoteRequest { Term = 1, CandidateId = new NodeId(1), ClusterId = new NodeId(4) }, votes.Writer);
    VoteResponse vote = await votes.Reader.ReadAsync();
    Check("2. alpha asks beta for its vote", vote.Error is null && vote.VoteGranted && vote.NodeAddress == betaAddress, vote);

    AppendResponse heartbeat = await alpha.AppendAsync(betaAddress, new AppendRequest { Term = 1, LeaderId = new NodeId(1) });
    Check("3. alpha sends beta a heartbeat", heartbeat.Success && heartbeat.Term == 1, heartbeat);

    NanoTimestamp now = NanoTimestamp.Now;
    Entry[] entries =
    {
        new() { Index = 1, Term = 2, Timestamp = now, Tags = new[] { "foo" }, Data = Encoding.UTF8.GetBytes("Hello!") },
        new() { Index = 2, Term = 2, Timestamp = now, Tags = new[] { "bar", "baz" }, Data = Encoding.UTF8.GetBytes("Goodbye!") },
    };
    AppendResponse append = await alpha.AppendAsync(betaAddress, new AppendRequest { Term = 2, LeaderId = new NodeId(1), Entries = entries });
    Check("4. alpha appends two entries in term 2 (beta refuses: term is not 1)", !append.Success && append.Term == 2, append);

    ProposalResponse join = await alpha.JoinAsync(betaAddress, new JoinRequest { ClusterId = new NodeId(4), Last = true, Entries = entries });
    Check("5. alpha catches beta up with a join", join.Error is null && join.NewIndex == 2, join);

    ProposalResponse proposal = await beta.ProposeAsync(alphaAddress, new Entry { Index = 3, Term = 3, Timestamp = now, Data = Encoding.UTF8.GetBytes("Hello, World!") });
    Check("6. beta proposes an entry to alpha", proposal.NewIndex != 0, proposal);
}
finally
{
    Pki.Authority?.Dispose();
    if (pkiDirectory is not null && Directory.Exists(pkiDirectory))
    {
        Directory.Delete(pkiDirectory, recursive: true);
    }
}

Console.WriteLine(failures == 0 ? "Scenario passed." : $"Scenario FAILED: {failures} step(s).");
return failures == 0 ? 0 : 1;

internal static class Pki
{
    public static DevelopmentCertificateAuthority? Authority { get; set; }
}
