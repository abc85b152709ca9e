using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>Log messages of the client.</summary>
internal static partial class KubeClientLog
{
    [LoggerMessage(EventId = 1001, EventName = "RequestRetrying", Level = LogLevel.Debug,
        Message = "{Method} {Path} failed with {StatusCode} on attempt {Attempt}; retrying in {Delay}")]
    public static partial void RequestRetrying(ILogger logger, string method, string path, int statusCode, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 1002, EventName = "RequestConnectionRetrying", Level = LogLevel.Debug,
        Message = "{Method} {Path} could not reach the server on attempt {Attempt}; retrying in {Delay}")]
    public static partial void RequestConnectionRetrying(ILogger logger, string method, string path, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 1003, EventName = "RequestFailed", Level = LogLevel.Debug,
        Message = "{Method} {Path} failed with {StatusCode} ({Reason})")]
    public static partial void RequestFailed(ILogger logger, string method, string path, int statusCode, KubeErrorReason reason);

    [LoggerMessage(EventId = 1004, EventName = "WatchStarted", Level = LogLevel.Debug,
        Message = "watch of {Resource} started at resourceVersion {ResourceVersion}")]
    public static partial void WatchStarted(ILogger logger, ResourceType resource, string? resourceVersion);

    [LoggerMessage(EventId = 1005, EventName = "TokenFileUnreadable", Level = LogLevel.Warning,
        Message = "token file {Path} could not be read; keeping the previous token")]
    public static partial void TokenFileUnreadable(ILogger logger, string path, Exception exception);
}
