using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Grpc.Server;

/// <summary>Log messages of the gRPC server.</summary>
internal static partial class GrpcServerLog
{
    [LoggerMessage(EventId = 3001, EventName = "ErrorExecutingServiceMethod", Level = LogLevel.Error,
        Message = "Error when executing gRPC method {Method}.")]
    public static partial void ErrorExecutingServiceMethod(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 3002, EventName = "RpcFailed", Level = LogLevel.Debug,
        Message = "gRPC method {Method} ended with status {StatusCode}: {Detail}")]
    public static partial void RpcFailed(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 3003, EventName = "DeadlineExceeded", Level = LogLevel.Debug,
        Message = "gRPC method {Method} exceeded its deadline.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(EventId = 3004, EventName = "CallCancelled", Level = LogLevel.Debug,
        Message = "gRPC method {Method} was cancelled by the client.")]
    public static partial void CallCancelled(ILogger logger, string method);

    [LoggerMessage(EventId = 3005, EventName = "UnsupportedRequestContentType", Level = LogLevel.Debug,
        Message = "Request content type {ContentType} is not a gRPC content type.")]
    public static partial void UnsupportedRequestContentType(ILogger logger, string? contentType);

    [LoggerMessage(EventId = 3006, EventName = "UnsupportedRequestProtocol", Level = LogLevel.Debug,
        Message = "Request protocol {Protocol} is not supported: gRPC needs HTTP/2.")]
    public static partial void UnsupportedRequestProtocol(ILogger logger, string protocol);

    [LoggerMessage(EventId = 3007, EventName = "InvalidTimeout", Level = LogLevel.Debug,
        Message = "Invalid grpc-timeout value {Timeout} is ignored.")]
    public static partial void InvalidTimeout(ILogger logger, string timeout);
}
