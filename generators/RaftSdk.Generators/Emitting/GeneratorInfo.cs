namespace RaftSdk.Generators.Emitting;

internal static class GeneratorInfo
{
    // Fixed text, not the assembly version: generated files must not change with every build number.
    public const string Version = "0.1";
}
