using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Scheduling.Plugins;

/// <summary>
/// A filter step: whether a cluster may hold the feeds. Pure: no I/O, no clock (use <see cref="SchedulingRequest.Now"/>).
/// <see cref="Filter"/> runs for every cluster of every decision and must not allocate; <see cref="Explain"/> words a
/// rejection and runs only for the rejections a decision reports.
/// </summary>
public interface IClusterFilter
{
    /// <summary>The plugin name shown with its rejections.</summary>
    string Name { get; }

    /// <summary>Null when the cluster passes, else what the rejection does to replicas already there.</summary>
    RejectionEffect? Filter(ClusterFacts cluster, SchedulingRequest request);

    /// <summary>Why <see cref="Filter"/> rejected <paramref name="cluster"/>, in a sentence a user can read.</summary>
    string Explain(ClusterFacts cluster, SchedulingRequest request);
}
