using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Events;

/// <summary>One recorded occurrence waiting in the recorder's queue.</summary>
internal sealed record PendingEvent(ObjectReference InvolvedObject, string Namespace, EventType Type, string Reason, string Message, DateTimeOffset Timestamp)
{
    /// <summary>What makes two occurrences "the same event" for aggregation (client-go's <c>getEventKey</c>, minus the constant source).</summary>
    public EventKey Key => new(InvolvedObject with { ResourceVersion = null }, Type, Reason, Message);
}

/// <summary>The aggregation key: the object (without its resourceVersion), type, reason and message.</summary>
internal readonly record struct EventKey(ObjectReference InvolvedObject, EventType Type, string Reason, string Message);
