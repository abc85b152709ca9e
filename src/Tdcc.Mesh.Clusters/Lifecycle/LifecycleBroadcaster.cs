using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Clusters.Lifecycle;

/// <summary>Delivers lifecycle events to the subscribed handlers, in order.</summary>
internal sealed partial class LifecycleBroadcaster : IClusterLifecycle
{
    private readonly ILogger _logger;
    private ImmutableList<Func<ClusterLifecycleEvent, CancellationToken, Task>> _handlers = [];

    public LifecycleBroadcaster(ILogger logger)
    {
        _logger = logger;
    }

    public IDisposable Subscribe(Func<ClusterLifecycleEvent, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ImmutableInterlocked.Update(ref _handlers, list => list.Add(handler));
        return new Subscription(this, handler);
    }

    public async Task PublishAsync(ClusterLifecycleEvent lifecycleEvent, CancellationToken cancellationToken)
    {
        LogLifecycle(_logger, lifecycleEvent.ClusterName, lifecycleEvent.Type);
        foreach (var handler in _handlers)
        {
            try
            {
                await handler(lifecycleEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogHandlerFailed(_logger, lifecycleEvent.ClusterName, lifecycleEvent.Type, e);
            }
        }
    }

    [LoggerMessage(EventId = 150, Level = LogLevel.Information, Message = "Cluster {ClusterName}: {EventType}")]
    private static partial void LogLifecycle(ILogger logger, string clusterName, ClusterLifecycleEventType eventType);

    [LoggerMessage(EventId = 151, Level = LogLevel.Warning, Message = "Cluster {ClusterName}: a {EventType} handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, string clusterName, ClusterLifecycleEventType eventType, Exception exception);

    private sealed class Subscription(LifecycleBroadcaster owner, Func<ClusterLifecycleEvent, CancellationToken, Task> handler) : IDisposable
    {
        public void Dispose() => ImmutableInterlocked.Update(ref owner._handlers, list => list.Remove(handler));
    }
}
