using RaftSdk;
using RaftSdk.ChangeAgent;

namespace Consumer;

// Added by the package test for a second build only: each line below must be reported.
public static class Misuse
{
    public static async Task AppendBeforeSetRaftAsync(AppendRequest request)
    {
        await using ICommunication node = await RaftCommunication.StartSeparateCommunicationAsync(0);
        await node.AppendAsync("127.0.0.1:9000", request); // RAFT101 (analyzer): SetRaft was never called
    }
}

[ProtoMessage(typeof(Consumer.Protos.HelloRequestPb))]
public sealed record NotPartial(string Name, uint Times); // RAFT020 (generator): the record is not partial
