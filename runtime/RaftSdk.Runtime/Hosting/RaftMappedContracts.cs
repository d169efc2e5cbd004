using System.Collections.Generic;

namespace RaftSdk.Hosting;

/// <summary>The contracts mapped onto the app with <see cref="RaftSdkEndpointRouteBuilderExtensions.MapRaftContract{TService}"/>, for the health check.</summary>
internal sealed class RaftMappedContracts
{
    private readonly List<RaftHostedContract> _contracts = new();

    /// <summary>The mapped contracts.</summary>
    public IReadOnlyList<RaftHostedContract> Contracts
    {
        get
        {
            lock (_contracts)
            {
                return _contracts.ToArray();
            }
        }
    }

    /// <summary>Records a mapped contract.</summary>
    /// <param name="contract">The contract.</param>
    public void Add(RaftHostedContract contract)
    {
        lock (_contracts)
        {
            _contracts.Add(contract);
        }
    }
}
