using System;
using RaftSdk.Transport;

namespace RaftSdk.Mapping;

/// <summary>
/// One call of a contract, described once (as grpc-dotnet's <c>Method&lt;TRequest, TResponse&gt;</c>
/// with its marshallers): the HTTP method and path, how the request writes itself
/// (<see cref="IProtoWritable"/>), how the answer is read and checked for its required fields
/// (the generated <c>ReadProto</c>), and where the error text of a non-200 protobuf answer is.
/// Generated clients keep one static instance per route.
/// </summary>
/// <typeparam name="TRequest">The request record; <see cref="RaftNoBody"/> for a GET.</typeparam>
/// <typeparam name="TResponse">The response record.</typeparam>
public sealed class RaftMethod<TRequest, TResponse>
    where TRequest : IProtoWritable
{
    /// <summary>Creates the descriptor.</summary>
    /// <param name="httpMethod">The HTTP method, <c>GET</c> or <c>POST</c>.</param>
    /// <param name="path">The absolute request path, for example <c>/raft/append</c>.</param>
    /// <param name="responseReader">Reads and checks the answer (a generated <c>ReadProto</c>).</param>
    /// <param name="remoteError">The error text of an answer read from a non-200 protobuf body, or null when the call has none.</param>
    public RaftMethod(string httpMethod, string path, ProtoRead<TResponse> responseReader, Func<TResponse, string?>? remoteError = null)
    {
        ArgumentNullException.ThrowIfNull(responseReader);
        Route = new RaftClientRoute(httpMethod, path);
        if (Route.IsGet && typeof(TRequest) != typeof(RaftNoBody))
        {
            throw new ArgumentException($"{Route} sends no body; its request type must be {nameof(RaftNoBody)}.", nameof(httpMethod));
        }

        ResponseReader = responseReader;
        RemoteError = remoteError;
    }

    /// <summary>The HTTP method, for example <c>POST</c>.</summary>
    public string HttpMethod => Route.Method;

    /// <summary>The absolute request path, for example <c>/raft/append</c>.</summary>
    public string Path => Route.Path;

    /// <summary>The HTTP method and path, as the transport sends them.</summary>
    internal RaftClientRoute Route { get; }

    /// <summary>Reads and checks the answer.</summary>
    public ProtoRead<TResponse> ResponseReader { get; }

    /// <summary>Extracts the error text from a non-200 protobuf answer; null when the call has none.</summary>
    public Func<TResponse, string?>? RemoteError { get; }

    /// <summary>Reads an answer from <paramref name="body"/>, which the answer owns from then on (bytes fields are slices of it), decoding at most <paramref name="maxFields"/> fields.</summary>
    internal TResponse Read(byte[] body, long maxFields)
    {
        var reader = new ProtoReader(body, maxFields);
        return ResponseReader(ref reader);
    }

    /// <summary>The answer in a 200 body; a malformed or incomplete one, or one over the field cap, is a <see cref="RaftProtocolException"/>.</summary>
    internal TResponse Decode(ReadOnlySpan<byte> body, long maxFields, string address)
    {
        try
        {
            // An exact array: the answer owns it (bytes fields are slices), the pooled one goes back.
            return Read(body.ToArray(), maxFields);
        }
        catch (ProtoReadException e)
        {
            string what = e.TooManyFields ? $"decodes to more than the limit of {maxFields} fields (RaftClientOptions.MaxDecodedFields)."
                : e.MissingRequiredField ? $"is a {typeof(TResponse).Name} that misses a required field ({e.Message})"
                : $"is not a valid {typeof(TResponse).Name}: {e.Message}";
            throw new RaftProtocolException($"The answer of {address} to {Route} {what}", address, Route.Path, e);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Route.ToString();
}

/// <summary>The request of a call that sends no body (a GET): writes nothing.</summary>
public readonly struct RaftNoBody : IProtoWritable
{
    int IProtoWritable.CalculateProtoSize() => 0;

    void IProtoWritable.WriteProto(ref ProtoWriter writer)
    {
    }
}
