namespace RaftSdk.Analyzers.Tests.Infrastructure;

/// <summary>Test snippet text shared by the cases that implement IRaft.</summary>
internal static class RaftImplementationStubs
{
    /// <summary>The IRaft members after MyId, and the closing brace of the class: a case writes the class head and MyId itself.</summary>
    public const string AfterMyId = """

            public Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken) => Task.FromResult(new VoteResponse());
            public Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken) => Task.FromResult(new AppendResponse());
            public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken) => Task.FromResult(new ProposalResponse());
            public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken) => Task.FromResult(new ProposalResponse());
        }
        """;
}
