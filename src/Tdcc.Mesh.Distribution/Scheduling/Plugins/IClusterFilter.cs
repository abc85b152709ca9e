using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Scheduling.Plugins;

/// <summary>A filter step: whether a cluster may hold the feeds. Pure: no I/O, no clock (use <see cref="SchedulingRequest.Now"/>).</summary>
public interface IClusterFilter
{
    /// <summary>The plugin name shown with its rejections.</summary>
    string Name { get; }

    /// <summary>Null when the cluster passes, else the rejection with a reason a user can read.</summary>
    ClusterRejection? Filter(ClusterFacts cluster, SchedulingRequest request);
}
