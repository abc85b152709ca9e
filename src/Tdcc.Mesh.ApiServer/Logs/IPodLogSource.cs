namespace Tdcc.Mesh.ApiServer.Logs;

/// <summary>
/// Where the API server reads container logs for <c>pods/log</c> (what kube-apiserver asks the node's kubelet for).
/// The sandbox's kubelet registers one through <see cref="KubeApiServer.PodLogs"/>.
/// </summary>
public interface IPodLogSource
{
    /// <summary>The log of one container instance, or null when this source has none (not started yet; no previous instance).</summary>
    IPodLog? Open(PodLogRequest request);
}
