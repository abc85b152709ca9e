namespace Tdcc.Mesh.ApiServer.Metrics;

/// <summary>
/// Where the API server reads resource usage for <c>metrics.k8s.io</c> (what metrics-server scrapes from each node's
/// kubelet). The sandbox's kubelet registers one through <see cref="KubeApiServer.PodMetrics"/>; without one the group
/// is not served.
/// </summary>
public interface IPodMetricsSource
{
    /// <summary>The window usage is measured over (metrics-server's scrape interval).</summary>
    TimeSpan Window { get; }

    /// <summary>The usage of each container of a running pod, or null when this source does not know the pod.</summary>
    IReadOnlyList<ContainerUsage>? Usage(PodMetricsRequest pod);
}
