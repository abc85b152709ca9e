using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Events;

/// <summary>
/// Records core/v1 Events about objects, as client-go's <c>EventRecorder</c> does. Recording never blocks and
/// never throws for API failures: events are queued and written in the background, repeats are aggregated
/// into one Event whose <c>count</c> grows, and events that find the queue full are dropped and counted.
/// </summary>
public interface IEventRecorder
{
    /// <summary>Queues an event about <paramref name="regarding"/>; returns at once.</summary>
    /// <param name="regarding">The object the event is about (its namespace is the Event's; cluster-scoped objects use <c>default</c>).</param>
    /// <param name="type">Normal or Warning.</param>
    /// <param name="reason">A short UpperCamelCase reason, such as <c>Exported</c>.</param>
    /// <param name="message">A human-readable description.</param>
    void Record(IKubeObject regarding, EventType type, string reason, string message);
}
