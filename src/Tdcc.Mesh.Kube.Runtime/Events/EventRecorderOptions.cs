namespace Tdcc.Mesh.Kube.Runtime.Events;

/// <summary>Options of the event recorder.</summary>
public sealed class EventRecorderOptions
{
    /// <summary>The <c>source.component</c> and <c>reportingComponent</c> of every event, such as <c>tdcc-mcs-controller</c>.</summary>
    public string Component { get; set; } = "tdcc-mesh";

    /// <summary>The <c>source.host</c> and <c>reportingInstance</c>; defaults to the machine name.</summary>
    public string Host { get; set; } = Environment.MachineName;

    /// <summary>Events waiting to be written; when the queue is full new events are dropped (and counted).</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>How many recent events are remembered for aggregation (least recently used are forgotten first).</summary>
    public int CacheSize { get; set; } = 4096;

    /// <summary>An identical event within this time of the previous one bumps its count instead of creating a new Event.</summary>
    public TimeSpan AggregationWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long disposing the recorder waits for queued events to be written.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Events about one object a recorder writes at once before it rate-limits them (client-go's spam filter: 25);
    /// 0 turns the filter off. Past the burst one more event is allowed per <see cref="SpamRefill"/>; the rest are dropped and counted.
    /// </summary>
    public int SpamBurst { get; set; }

    /// <summary>How often an object past its <see cref="SpamBurst"/> earns one more event (client-go: 5 minutes).</summary>
    public TimeSpan SpamRefill { get; set; } = TimeSpan.FromMinutes(5);
}
