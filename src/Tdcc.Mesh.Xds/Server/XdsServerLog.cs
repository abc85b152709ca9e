using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>The ADS server's log messages; every one names the node, and the type URL where there is one.</summary>
internal static partial class XdsServerLog
{
    [LoggerMessage(EventId = 3101, EventName = "StreamOpened", Level = LogLevel.Information,
        Message = "xDS {Kind} stream {StreamId} opened by node {NodeId} (cluster {Cluster}, group {Group}, {UserAgent})")]
    public static partial void StreamOpened(ILogger logger, string kind, string streamId, string nodeId, string cluster, string group, string userAgent);

    [LoggerMessage(EventId = 3102, EventName = "StreamClosed", Level = LogLevel.Information,
        Message = "xDS stream {StreamId} of node {NodeId} closed")]
    public static partial void StreamClosed(ILogger logger, string streamId, string nodeId);

    [LoggerMessage(EventId = 3103, EventName = "ResponseSent", Level = LogLevel.Debug,
        Message = "Sent {TypeUrl} version {Version} nonce {Nonce} with {Count} resources ({Removed} removed) to node {NodeId}")]
    public static partial void ResponseSent(ILogger logger, string typeUrl, string version, string nonce, int count, int removed, string nodeId);

    [LoggerMessage(EventId = 3104, EventName = "Acked", Level = LogLevel.Debug,
        Message = "Node {NodeId} ACKed {TypeUrl} version {Version} nonce {Nonce}")]
    public static partial void Acked(ILogger logger, string nodeId, string typeUrl, string version, string nonce);

    [LoggerMessage(EventId = 3105, EventName = "Nacked", Level = LogLevel.Warning,
        Message = "Node {NodeId} NACKed {TypeUrl} version {Version} nonce {Nonce}: {ErrorDetail}; holding until a newer version exists")]
    public static partial void Nacked(ILogger logger, string nodeId, string typeUrl, string version, string nonce, string errorDetail);

    [LoggerMessage(EventId = 3106, EventName = "StaleNonce", Level = LogLevel.Debug,
        Message = "Ignoring {TypeUrl} request of node {NodeId} with stale nonce {Nonce} (current {CurrentNonce})")]
    public static partial void StaleNonce(ILogger logger, string typeUrl, string nodeId, string nonce, string currentNonce);

    [LoggerMessage(EventId = 3107, EventName = "UnknownType", Level = LogLevel.Warning,
        Message = "Node {NodeId} requested unsupported type {TypeUrl}; ignoring it")]
    public static partial void UnknownType(ILogger logger, string nodeId, string typeUrl);

    [LoggerMessage(EventId = 3108, EventName = "Subscribed", Level = LogLevel.Debug,
        Message = "Node {NodeId} subscribes {TypeUrl} to [{Names}]")]
    public static partial void Subscribed(ILogger logger, string nodeId, string typeUrl, IReadOnlyList<string> names);

    [LoggerMessage(EventId = 3109, EventName = "StreamRefused", Level = LogLevel.Warning,
        Message = "xDS stream of node {NodeId} (cluster {Cluster}, from {Peer}) refused: {Reason}")]
    public static partial void StreamRefused(ILogger logger, string nodeId, string cluster, string peer, string reason);
}
