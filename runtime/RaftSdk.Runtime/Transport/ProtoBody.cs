using System;
using RaftSdk.Mapping;

namespace RaftSdk.Transport;

/// <summary>
/// Writes a record's wire form into a span of the size it announced, for both sides (request
/// bodies of both clients, answers of the server). A record whose <c>WriteProto</c> wrote another
/// size than its <c>CalculateProtoSize</c> is a bug in its codec, never sent.
/// </summary>
internal static class ProtoBody
{
    public static void Write<TMessage>(TMessage message, Span<byte> destination)
        where TMessage : IProtoWritable
    {
        var writer = new ProtoWriter(destination);
        message.WriteProto(ref writer);
        if (writer.Position != destination.Length)
        {
            throw new InvalidOperationException($"{message.GetType().Name}.WriteProto wrote {writer.Position} bytes, CalculateProtoSize said {destination.Length}.");
        }
    }
}
