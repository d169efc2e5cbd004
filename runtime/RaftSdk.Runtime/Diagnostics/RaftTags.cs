namespace RaftSdk.Diagnostics;

/// <summary>Attribute names of spans and measurements (OpenTelemetry semantic conventions).</summary>
internal static class RaftTags
{
    public const string RpcSystem = "rpc.system";
    public const string RpcService = "rpc.service";
    public const string RpcMethod = "rpc.method";
    public const string HttpMethod = "http.request.method";
    public const string StatusCode = "http.response.status_code";
    public const string ErrorType = "error.type";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string UrlScheme = "url.scheme";
}
