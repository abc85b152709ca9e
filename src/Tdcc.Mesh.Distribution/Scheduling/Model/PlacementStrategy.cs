namespace Tdcc.Mesh.Distribution.Scheduling.Model;

/// <summary>How replicas are placed on the chosen clusters.</summary>
public enum PlacementStrategy
{
    /// <summary>Every chosen cluster gets all the replicas.</summary>
    Replicate,

    /// <summary>Replicas divided in proportion to subscriber weights.</summary>
    DivideStatic,

    /// <summary>Replicas divided in proportion to each cluster's free capacity for the pod template, never above it.</summary>
    DivideDynamic,
}
