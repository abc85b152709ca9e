using System.Diagnostics.Metrics;

namespace Tdcc.Mesh.Kube.Runtime.Events;

/// <summary>The event recorder's instruments, on the runtime's meter.</summary>
internal sealed class EventInstruments
{
    public EventInstruments(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        Recorded = meter.CreateCounter<long>("tdcc.events.recorded", "{event}", "Events accepted by the recorder's queue, by type.");
        Dropped = meter.CreateCounter<long>("tdcc.events.dropped", "{event}", "Events dropped because the recorder's queue was full (reason queue_full) or too many were about one object (reason spam).");
        Aggregated = meter.CreateCounter<long>("tdcc.events.aggregated", "{event}", "Events written as a count increment of an existing Event.");
        WriteErrors = meter.CreateCounter<long>("tdcc.events.write_errors", "{event}", "Events the API server did not accept.");
    }

    public Counter<long> Recorded { get; }

    public Counter<long> Dropped { get; }

    public Counter<long> Aggregated { get; }

    public Counter<long> WriteErrors { get; }
}
