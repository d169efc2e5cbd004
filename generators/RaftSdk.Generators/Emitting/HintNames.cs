namespace RaftSdk.Generators.Emitting;

/// <summary>Stable, unique file names for generated sources, e.g. <c>RaftSdk.ChangeAgent.IRaft.Client.g.cs</c>.</summary>
internal static class HintNames
{
    public static string For(string fullyQualifiedTypeName, string concern)
    {
        string name = fullyQualifiedTypeName.Replace("global::", string.Empty).Replace('<', '{').Replace('>', '}');
        return name + "." + concern + ".g.cs";
    }
}
