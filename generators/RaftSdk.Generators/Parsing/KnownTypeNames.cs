namespace RaftSdk.Generators.Parsing;

/// <summary>Metadata names the parsers look for.</summary>
internal static class KnownTypeNames
{
    public const string RaftContractAttribute = "RaftSdk.RaftContractAttribute";
    public const string RaftRouteAttribute = "RaftSdk.RaftRouteAttribute";
    public const string ProtoMessageAttribute = "RaftSdk.ProtoMessageAttribute";
    public const string ProtoFieldAttribute = "RaftSdk.ProtoFieldAttribute";
    public const string NotOnWireAttribute = "RaftSdk.NotOnWireAttribute";
    public const string PeerAddressAttribute = "RaftSdk.PeerAddressAttribute";
    public const string ByteString = "Google.Protobuf.ByteString";
    public const string RepeatedField = "Google.Protobuf.Collections.RepeatedField`1";
    public const string ProtobufMessage = "Google.Protobuf.IMessage`1";
    public const string Stream = "System.IO.Stream";
    public const string PipeReader = "System.IO.Pipelines.PipeReader";
    public const string StreamedAnswer = "RaftSdk.RaftStreamedAnswer`1";
}
