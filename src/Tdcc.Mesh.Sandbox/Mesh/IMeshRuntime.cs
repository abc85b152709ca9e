using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>The running mesh of a sandbox, however it runs (<see cref="MeshMode"/>).</summary>
internal interface IMeshRuntime : IClusterSetMesh, IAsyncDisposable
{
    /// <summary>The xDS server as members reach it from their own networks, or null in the loopback layout.</summary>
    Uri? XdsForMembers { get; }

    /// <summary>Exports <c>demo/echo</c> from the first member and waits until every member imports it.</summary>
    Task ExportDemoAsync(CancellationToken cancellationToken);

    /// <summary>Member <paramref name="name"/>'s cluster is about to stop: stop what of the mesh runs for it outside the cluster.</summary>
    Task StopMemberAsync(string name);

    /// <summary>Member <paramref name="cluster"/> was started again: start what of the mesh runs for it outside the cluster.</summary>
    Task StartMemberAsync(ISimulatedCluster cluster, CancellationToken cancellationToken);
}
