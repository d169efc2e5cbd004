using Xunit;

namespace RaftSdk.Hosting.Tests;

/// <summary>Tests that listen to the process-wide ActivitySource and Meter run alone, so they see only their own calls.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DiagnosticsCollection
{
    public const string Name = "RaftSdk diagnostics";
}
