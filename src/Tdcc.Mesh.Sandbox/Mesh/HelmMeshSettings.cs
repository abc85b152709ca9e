namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>What <see cref="HelmMesh"/> installs and with what.</summary>
/// <param name="HelmPath">The helm binary (3.17; <c>.tools/bin/helm</c> after <c>make deps</c>).</param>
/// <param name="ChartDirectory">The chart, <c>charts/tdcc-mesh</c>.</param>
/// <param name="KubeconfigPath">The sandbox's kubeconfig (one context per cluster).</param>
/// <param name="Timings">Heartbeat and withdrawal timings, passed to the processes as flags.</param>
internal sealed record HelmMeshSettings(string HelmPath, string ChartDirectory, string KubeconfigPath, MeshTimings Timings)
{
    /// <summary>Replicas of <c>tdcc hub</c>: two, so a standby takes over when the leader's pod is deleted.</summary>
    public int HubReplicas { get; init; } = 2;

    /// <summary>Replicas of <c>tdcc agent</c> per member.</summary>
    public int AgentReplicas { get; init; } = 1;
}
