namespace RaftSdk.Hosting;

/// <summary>
/// A section under <c>RaftSdk</c> that an integration reads (RaftSdk.DotNext reads <c>RaftSdk:Cluster</c>);
/// registered by <see cref="RaftSdkBuilderExtensions.AddSettingsSection"/>, so the RaftSdk binder,
/// which refuses keys it does not know, leaves it to its owner.
/// </summary>
internal sealed record RaftSdkSettingsSection(string Key);
