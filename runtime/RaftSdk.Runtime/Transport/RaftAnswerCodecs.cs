using System;
using Google.Protobuf;
using RaftSdk.Mapping;

namespace RaftSdk.Transport;

/// <summary>
/// How a client core reads an answer: a struct per codec so that the generic call path is
/// specialised for each (no delegate allocation, no interface dispatch).
/// </summary>
internal interface IRaftAnswerCodec<TAnswer>
{
    /// <summary>The complete answer in <paramref name="body"/>; a malformed or incomplete one is a <see cref="RaftProtocolException"/>.</summary>
    TAnswer Read(ReadOnlySpan<byte> body, string address, RaftClientRoute route);

    /// <summary>True when a non-200 protobuf body carries an error text.</summary>
    bool HasRemoteError { get; }

    /// <summary>The error text of a non-200 protobuf body; may throw on a body that does not parse.</summary>
    string? RemoteError(ReadOnlySpan<byte> body);
}

/// <summary>The generated direct codec: the record reads itself (<c>ReadProto</c>), required fields included.</summary>
internal readonly struct DirectAnswerCodec<TRequest, TResponse> : IRaftAnswerCodec<TResponse>
    where TRequest : IProtoWritable
{
    private readonly RaftMethod<TRequest, TResponse> _method;

    public DirectAnswerCodec(RaftMethod<TRequest, TResponse> method)
    {
        _method = method;
    }

    public bool HasRemoteError => _method.RemoteError is not null;

    public TResponse Read(ReadOnlySpan<byte> body, string address, RaftClientRoute route)
    {
        try
        {
            // An exact array: the answer owns it (bytes fields are slices), the pooled one goes back.
            return _method.Read(body.ToArray());
        }
        catch (ProtoReadException e)
        {
            string what = e.MissingRequiredField
                ? $"is a {typeof(TResponse).Name} that misses a required field ({e.Message})"
                : $"is not a valid {typeof(TResponse).Name}: {e.Message}";
            throw new RaftProtocolException($"The answer of {address} to {route} {what}", address, route.Path, e);
        }
    }

    public string? RemoteError(ReadOnlySpan<byte> body) => _method.RemoteError!(_method.Read(body.ToArray()));
}

/// <summary>Google.Protobuf messages, for hand-written clients: the parser, then the required-field check.</summary>
internal readonly struct ProtobufAnswerCodec<TResponse> : IRaftAnswerCodec<TResponse>
    where TResponse : class, IMessage<TResponse>
{
    private readonly MessageParser<TResponse> _parser;
    private readonly Func<TResponse, bool>? _isInitialized;
    private readonly Func<TResponse, string?>? _remoteError;

    public ProtobufAnswerCodec(MessageParser<TResponse> parser, Func<TResponse, bool>? isInitialized, Func<TResponse, string?>? remoteError)
    {
        _parser = parser;
        _isInitialized = isInitialized;
        _remoteError = remoteError;
    }

    public bool HasRemoteError => _remoteError is not null;

    public TResponse Read(ReadOnlySpan<byte> body, string address, RaftClientRoute route)
    {
        TResponse answer;
        try
        {
            answer = _parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RaftProtocolException(
                $"The answer of {address} to {route} is not a valid {typeof(TResponse).Name}: {e.Message}", address, route.Path, e);
        }

        bool complete = _isInitialized is null ? answer.IsInitialized() : _isInitialized(answer);
        if (!complete)
        {
            throw new RaftProtocolException(
                $"The answer of {address} to {route} is a {typeof(TResponse).Name} that misses a required field.", address, route.Path);
        }

        return answer;
    }

    public string? RemoteError(ReadOnlySpan<byte> body) => _remoteError!(_parser.ParseFrom(body));
}
