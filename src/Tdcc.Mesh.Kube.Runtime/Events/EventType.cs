namespace Tdcc.Mesh.Kube.Runtime.Events;

/// <summary>The <c>type</c> of a core/v1 Event.</summary>
public enum EventType
{
    /// <summary>Something expected happened.</summary>
    Normal,

    /// <summary>Something may need attention.</summary>
    Warning,
}
