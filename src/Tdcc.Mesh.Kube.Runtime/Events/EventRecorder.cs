using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Events;

/// <summary>
/// Queues events in a bounded channel and writes them from one background loop: a new Event is created, an
/// identical one within the aggregation window is merge-patched (<c>count</c>, <c>lastTimestamp</c>), and a
/// patch of an Event that has gone (TTL) falls back to a create, as client-go's <c>recordToSink</c> does.
/// </summary>
internal sealed partial class EventRecorder : IEventRecorder, IDisposable, IAsyncDisposable
{
    /// <summary>Events of cluster-scoped objects go here, as in client-go.</summary>
    public const string DefaultNamespace = "default";

    private readonly IResourceClient<Event> events;
    private readonly EventRecorderOptions options;
    private readonly TimeProvider time;
    private readonly EventInstruments instruments;
    private readonly ILogger logger;
    private readonly Channel<PendingEvent> queue;
    private readonly EventCorrelator correlator;
    private readonly EventSpamFilter spamFilter;
    private readonly CancellationTokenSource stopping = new();
    private Task writer = Task.CompletedTask;
    private int started;
    private long dropped;

    public EventRecorder(IKubeClient client, EventRecorderOptions options, TimeProvider time, EventInstruments instruments, ILogger<EventRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1);
        events = client.Resource<Event>();
        this.options = options;
        this.time = time;
        this.instruments = instruments;
        this.logger = logger;
        correlator = new EventCorrelator(options.CacheSize, options.AggregationWindow);
        spamFilter = new EventSpamFilter(options.CacheSize, options.SpamBurst, options.SpamRefill);
        queue = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Events refused because the queue was full (or the recorder stopped).</summary>
    public long DroppedCount => Interlocked.Read(ref dropped);

    /// <summary>Events remembered for aggregation.</summary>
    internal int CachedEvents => correlator.CachedEvents;

    public void Record(IKubeObject regarding, EventType type, string reason, string message)
    {
        ArgumentNullException.ThrowIfNull(regarding);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentNullException.ThrowIfNull(message);
        var meta = regarding.Metadata;
        var involved = new ObjectReference
        {
            ApiVersion = regarding.ApiVersion,
            Kind = regarding.Kind,
            Namespace = meta.Namespace,
            Name = meta.Name,
            Uid = meta.Uid,
            ResourceVersion = meta.ResourceVersion,
        };
        var ns = string.IsNullOrEmpty(meta.Namespace) ? DefaultNamespace : meta.Namespace;
        var now = time.GetUtcNow();
        if (!spamFilter.Allow($"{meta.Namespace}/{regarding.Kind}/{meta.Name}/{meta.Uid}", now))
        {
            Interlocked.Increment(ref dropped);
            instruments.Dropped.Add(1, new KeyValuePair<string, object?>("reason", "spam"));
            Log.SpamFiltered(logger, regarding.Kind, ns, meta.Name, reason);
            return;
        }

        var pending = new PendingEvent(involved, ns, type, reason, message, now);
        if (queue.Writer.TryWrite(pending))
        {
            instruments.Recorded.Add(1, new KeyValuePair<string, object?>("type", TypeName(type)));
            return;
        }

        Interlocked.Increment(ref dropped);
        instruments.Dropped.Add(1, new KeyValuePair<string, object?>("reason", "queue_full"));
        Log.Dropped(logger, regarding.Kind, ns, meta.Name, reason);
    }

    /// <summary>Starts the background writer (once).</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref started, 1) == 0)
        {
            writer = Task.Run(() => WriteLoopAsync(stopping.Token), CancellationToken.None);
        }
    }

    /// <summary>Writes one queued event, if any; false when the queue is empty. For tests that run without the background writer.</summary>
    internal async Task<bool> WriteNextAsync(CancellationToken cancellationToken)
    {
        if (!queue.Reader.TryRead(out var pending))
        {
            return false;
        }

        await WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Stops taking events, writes what is queued (bounded by <see cref="EventRecorderOptions.ShutdownTimeout"/>), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        try
        {
            await writer.WaitAsync(options.ShutdownTimeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.ShutdownTimedOut(logger, options.ShutdownTimeout);
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.Dispose();
    }

    /// <summary>Stops at once; queued events are dropped. Prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose()
    {
        queue.Writer.TryComplete();
        stopping.Cancel();
    }

    private static string TypeName(EventType type) => type == EventType.Warning ? "Warning" : "Normal";

    private static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var pending in queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await WriteAsync(pending, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        var (aggregated, isUpdate) = correlator.Correlate(pending, () => NewName(pending.InvolvedObject.Name));
        try
        {
            if (isUpdate)
            {
                try
                {
                    await PatchAsync(aggregated, cancellationToken).ConfigureAwait(false);
                    instruments.Aggregated.Add(1);
                }
                catch (KubeApiException ex) when (ex.IsNotFound)
                {
                    // The Event expired (events have a TTL): write it again under the same name.
                    isUpdate = false;
                }
            }

            if (!isUpdate)
            {
                await events.CreateAsync(ToEvent(pending, aggregated), cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            correlator.Remember(pending.Key, aggregated);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Recording an event is best effort: any failure is logged and counted, never thrown at the reconciler.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            instruments.WriteErrors.Add(1);
            Log.WriteFailed(logger, ex, pending.InvolvedObject.Kind, aggregated.Namespace, aggregated.Name, pending.Reason);
        }
    }

    private Task<Event> PatchAsync(AggregatedEvent aggregated, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["count"] = aggregated.Count,
            ["lastTimestamp"] = FormatTime(aggregated.LastTimestamp),
        };
        return events.PatchAsync(aggregated.Namespace, aggregated.Name, new Patch(PatchType.Merge, body.ToJsonString()), cancellationToken: cancellationToken);
    }

    private Event ToEvent(PendingEvent pending, AggregatedEvent aggregated) => new()
    {
        Metadata = new ObjectMeta { Namespace = aggregated.Namespace, Name = aggregated.Name },
        InvolvedObject = pending.InvolvedObject,
        Reason = pending.Reason,
        Message = pending.Message,
        Type = TypeName(pending.Type),
        Source = new EventSource { Component = options.Component, Host = string.IsNullOrEmpty(options.Host) ? null : options.Host },
        FirstTimestamp = aggregated.FirstTimestamp,
        LastTimestamp = aggregated.LastTimestamp,
        Count = aggregated.Count,
        ReportingComponent = options.Component,
        ReportingInstance = string.IsNullOrEmpty(options.Host) ? null : options.Host,
    };

    private static string NewName(string? objectName) =>
        $"{objectName}.{RandomNumberGenerator.GetHexString(16, lowercase: true)}";

    private static partial class Log
    {
        [LoggerMessage(EventId = 1400, EventName = "EventDropped", Level = LogLevel.Debug,
            Message = "Event {Reason} about {Kind} {Namespace}/{Name} dropped: the recorder's queue is full")]
        public static partial void Dropped(ILogger logger, string? kind, string @namespace, string? name, string reason);

        [LoggerMessage(EventId = 1401, EventName = "EventWriteFailed", Level = LogLevel.Warning,
            Message = "Event {Reason} about {Kind} could not be written as {Namespace}/{EventName}")]
        public static partial void WriteFailed(ILogger logger, Exception exception, string? kind, string @namespace, string eventName, string reason);

        [LoggerMessage(EventId = 1402, EventName = "EventRecorderShutdownTimedOut", Level = LogLevel.Warning,
            Message = "Event recorder stopped after {Timeout} with events still queued; they are dropped")]
        public static partial void ShutdownTimedOut(ILogger logger, TimeSpan timeout);

        [LoggerMessage(EventId = 1403, EventName = "EventSpamFiltered", Level = LogLevel.Debug,
            Message = "Event {Reason} about {Kind} {Namespace}/{Name} dropped: too many events about that object recently")]
        public static partial void SpamFiltered(ILogger logger, string? kind, string @namespace, string? name, string reason);
    }
}
