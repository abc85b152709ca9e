using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Xds.Client;

/// <summary>The xDS client's log messages (event ids 8600-8649, docs/logging.md).</summary>
internal static partial class XdsClientLog
{
    [LoggerMessage(EventId = 8600, EventName = "Connecting", Level = LogLevel.Debug,
        Message = "xDS client {NodeId} connecting to {Server} (attempt {Attempt})")]
    public static partial void Connecting(ILogger logger, string nodeId, Uri server, int attempt);

    [LoggerMessage(EventId = 8601, EventName = "StreamOpened", Level = LogLevel.Information,
        Message = "xDS client {NodeId} opened a delta ADS stream to {Server}; holding {Held} resources")]
    public static partial void StreamOpened(ILogger logger, string nodeId, Uri server, int held);

    [LoggerMessage(EventId = 8602, EventName = "StreamFailed", Level = LogLevel.Warning,
        Message = "xDS stream of {NodeId} to {Server} failed; reconnecting in {Delay}")]
    public static partial void StreamFailed(ILogger logger, string nodeId, Uri server, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 8603, EventName = "StreamEnded", Level = LogLevel.Warning,
        Message = "xDS stream of {NodeId} to {Server} was closed by the server; reconnecting in {Delay}")]
    public static partial void StreamEnded(ILogger logger, string nodeId, Uri server, TimeSpan delay);

    [LoggerMessage(EventId = 8604, EventName = "ResponseReceived", Level = LogLevel.Debug,
        Message = "xDS {Type} response version {Version} nonce {Nonce}: {Count} resources, {Removed} removed")]
    public static partial void ResponseReceived(ILogger logger, string type, string version, string nonce, int count, int removed);

    [LoggerMessage(EventId = 8605, EventName = "Acked", Level = LogLevel.Debug,
        Message = "xDS {Type} nonce {Nonce} ACKed")]
    public static partial void Acked(ILogger logger, string type, string nonce);

    [LoggerMessage(EventId = 8606, EventName = "Nacked", Level = LogLevel.Warning,
        Message = "xDS {Type} response version {Version} nonce {Nonce} NACKed, keeping what was held before: {Reason}")]
    public static partial void Nacked(ILogger logger, string type, string version, string nonce, string reason);

    [LoggerMessage(EventId = 8607, EventName = "SubscriptionChanged", Level = LogLevel.Debug,
        Message = "xDS {Type} subscription: +{Subscribed} -{Unsubscribed}")]
    public static partial void SubscriptionChanged(ILogger logger, string type, int subscribed, int unsubscribed);

    [LoggerMessage(EventId = 8608, EventName = "ViewPublished", Level = LogLevel.Information,
        Message = "xDS view {Version} applied: {Listeners} listeners, {Clusters} clusters, {Routes} route configurations, {Assignments} load assignments, {Secrets} secrets")]
    public static partial void ViewPublished(ILogger logger, string version, int listeners, int clusters, int routes, int assignments, int secrets);

    [LoggerMessage(EventId = 8609, EventName = "Warming", Level = LogLevel.Debug,
        Message = "xDS view waits for {Count} referenced resources (first: {First})")]
    public static partial void Warming(ILogger logger, int count, string first);

    [LoggerMessage(EventId = 8610, EventName = "WarmingTimedOut", Level = LogLevel.Warning,
        Message = "xDS view published after the warming time without {Count} referenced resources: {Missing}")]
    public static partial void WarmingTimedOut(ILogger logger, int count, string missing);

    [LoggerMessage(EventId = 8611, EventName = "ViewRejected", Level = LogLevel.Warning,
        Message = "xDS view {Version} (incomplete, after the warming time) rejected by the consumer, keeping the previous one: {Reason}")]
    public static partial void ViewRejected(ILogger logger, string version, string reason);

    [LoggerMessage(EventId = 8612, EventName = "Stopped", Level = LogLevel.Information,
        Message = "xDS client {NodeId} stopped")]
    public static partial void Stopped(ILogger logger, string nodeId);
}
