using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

/// <summary>
/// A sandbox with the mesh and the demo for the <c>kubectl tdcc</c> verbs: hub + east, west in this process (in
/// memory), members on 127.70-71/16 (address offset 60, used by no other test) so they never meet other sandboxes.
/// The verbs only get the kubeconfig the sandbox writes, as a user would.
/// </summary>
public sealed class KubectlTdccFixture : IAsyncLifetime
{
    public const int AddressOffset = 60;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("tdcc-kubectl-").FullName;

    public IClusterSet Set { get; private set; } = null!;

    public SandboxEndpoints Endpoints { get; private set; } = null!;

    public ISimulatedCluster Hub => Set.Clusters[0];

    public ISimulatedCluster East => Set.Clusters[1];

    public ISimulatedCluster West => Set.Clusters[2];

    public string Kubeconfig => Set.KubeconfigPath;

    public async Task InitializeAsync()
    {
        Set = await SandboxHost.StartAsync(new SandboxOptions { Directory = Directory, Members = 2, InMemory = true, Demo = true, AddressOffset = AddressOffset });
        Endpoints = (await SandboxHost.ReadEndpointsAsync(Directory))!;
    }

    public async Task DisposeAsync()
    {
        await Set.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
