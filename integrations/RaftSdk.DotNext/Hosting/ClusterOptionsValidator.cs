using System.Collections.Generic;
using Microsoft.Extensions.Options;
using RaftSdk.DotNext.Cluster;

namespace RaftSdk.DotNext.Hosting;

/// <summary>
/// Checks <see cref="RaftSdkClusterOptions"/> when the host starts (ValidateOnStart), every problem
/// naming its configuration key, so a node with a bad cluster setting stops before it serves.
/// <c>PublicAddress</c> may still be empty then: the member takes the listener's address once its
/// port is known (<see cref="DotNextClusterHostingExtensions.CreateDotNextMember"/>).
/// </summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<RaftSdkClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, RaftSdkClusterOptions options)
    {
        IReadOnlyList<string> problems = options.Validate(requirePublicAddress: false);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
