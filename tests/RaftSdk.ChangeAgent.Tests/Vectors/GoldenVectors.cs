using System.IO;
using RaftSdk.Testing;

namespace RaftSdk.ChangeAgent.Tests.Vectors;

/// <summary>
/// Bytes produced by the original Go changeagent v0.5.6 (golang/protobuf v1.3.5), copied from the
/// project's shared wire-vectors as hex. Each was also checked on a live Go loopback round trip.
/// </summary>
internal static class GoldenVectors
{
    public const string VoteRequestBasic = "080711efcdab9078563412182a2006291032547698badcfe";
    public const string VoteResponseGranted = "09010000000000000010071801";
    public const string AppendRequestBenchK0 = "080511efcdab907856341218e807200428e707";
    public const string AppendRequestBenchK1 = "080511efcdab907856341218e807200428e70732a60108e9071001180520959a97ece39fe7cb172a0874656e616e742d612a06636f6e666967328001956eeb2f2632d7bd03f166b233e3ef28529f0f135767524794e34a0effe11c58f22348245a58bc0906db803cfa3144de5d6d37451c67e937a42f9e9eee35f6ccd57d3d0b77b80557ae777f2938d7549ebf195b774a727434be5016450e8a347ee6463e7f89ed6d83b76ded4773971f85dc8ee7021ce347aaf2337c4dc5521434";
    public const string AppendRequestBenchK2 = "080511efcdab907856341218e807200428e70732a60108e9071001180520959a97ece39fe7cb172a0874656e616e742d612a06636f6e666967328001956eeb2f2632d7bd03f166b233e3ef28529f0f135767524794e34a0effe11c58f22348245a58bc0906db803cfa3144de5d6d37451c67e937a42f9e9eee35f6ccd57d3d0b77b80557ae777f2938d7549ebf195b774a727434be5016450e8a347ee6463e7f89ed6d83b76ded4773971f85dc8ee7021ce347aaf2337c4dc552143432a60108ea071001180520959a97ece39fe7cb172a0874656e616e742d612a06636f6e66696732800175ba5ef352d7831a1d9e7ff60300d97e076aa848f4dfea1760b872291aca5eb0e8a355644b4413f5996e1f26dda6b312d515ca00b18f8d9991c87454d475ac9e50b9b729f233fc1211e59079e3a70e4735a82006155bf2bd1f99b98f197e16c9076dc8cd312622f1435e58531b9fb5b175d91342a16d37ca5e2c9d5092162cd7";
    public const string AppendRequestBenchK64Sha256 = "ca20fa765a95a42baa9dba9a1fa8866c0feff66cfc6be5efd665ef82dd461bd7";
    public const int AppendRequestBenchK64Length = 10835;
    public const string AppendResponseSuccess = "08051001";
    public const string AppendResponseBench = "08051000";
    public const string EntryPropose = "08031000180320959a97ece39fe7cb17320d48656c6c6f2c20576f726c6421";
    public const string EntryEmpty = "080010002000";
    public const string ProposalResponseNewIndex123 = "087b";
    public const string ProposalResponseNotLeader = "0800120a6e6f74206c6561646572";
    public const string JoinRequestLast = "09040000000000000010011a1d08011000180220959a97ece39fe7cb172a03666f6f320648656c6c6f211a240802100018032095ae82c9e79fe7cb172a036261722a0362617a3208476f6f6462796521221e080310ffffffffffffffffff01180220959a97ece39fe7cb173203636667";
    public const string DiscoveryResponseId1 = "090100000000000000";

    /// <summary>The 10,835-byte K=64 vector, shipped beside the tests as a .hex file.</summary>
    public static string AppendRequestBenchK64() =>
        File.ReadAllText(Path.Combine(System.AppContext.BaseDirectory, "Vectors", "AppendRequestPb-bench-k64.hex")).Trim();

    public static byte[] Bytes(string hex) => Hex.Decode(hex);
}
