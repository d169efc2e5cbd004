using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using RaftSdk.Mapping;

namespace RaftSdk.Server;

/// <summary>A call that answers a protobuf record: the route's error status, and its error body built from the exception when the route has one.</summary>
/// <typeparam name="TService">The service the route calls.</typeparam>
/// <typeparam name="TResponse">The answer record.</typeparam>
internal abstract class ProtoAnswerCallHandler<TService, TResponse> : ServerCallHandler<TService>
    where TService : class
    where TResponse : IProtoWritable
{
    private readonly int _errorStatusCode;
    private readonly Func<Exception, TResponse>? _errorResponse;

    protected ProtoAnswerCallHandler(int errorStatusCode, Func<Exception, TResponse>? errorResponse)
    {
        _errorStatusCode = errorStatusCode;
        _errorResponse = errorResponse;
    }

    protected override int ServiceErrorStatus => _errorStatusCode;

    protected override Task WriteServiceErrorAsync(HttpContext context, Exception exception, ServerCallServices services)
    {
        if (_errorResponse is null)
        {
            return base.WriteServiceErrorAsync(context, exception, services);
        }

        return ProtoResponseWriter.WriteAsync(context, _errorResponse(exception), services.Options.ContentType, _errorStatusCode);
    }
}
