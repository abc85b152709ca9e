namespace Tdcc.Mesh.Distribution.Scheduling.Model;

/// <summary>One node (or a cluster's aggregate): its allocatable resources and the requests of the pods already on it.</summary>
public readonly record struct NodeResources(ResourceAmount Allocatable, ResourceAmount Requested)
{
    /// <summary>Allocatable minus requested, each part at least 0.</summary>
    public ResourceAmount Free => new(
        Math.Max(0, Allocatable.MilliCpu - Requested.MilliCpu),
        Math.Max(0, Allocatable.MemoryBytes - Requested.MemoryBytes),
        Math.Max(0, Allocatable.Pods - Requested.Pods));
}
