namespace Tdcc.Mesh.Kube.Runtime.Events;

/// <summary>What the recorder remembers of an Event it wrote: where it is, and its count and times.</summary>
internal sealed record AggregatedEvent(string Namespace, string Name, int Count, DateTimeOffset FirstTimestamp, DateTimeOffset LastTimestamp);
