using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Tests.Mesh;

/// <summary>
/// A sandbox with the mesh and the demo: hub + east, west, edge in this process (in memory), members on 127.150-152/16
/// (offset 140) so they never meet the other sandboxes of the tests.
/// </summary>
public sealed class MeshFixture : IAsyncLifetime
{
    public const int AddressOffset = 140;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("tdcc-mesh-").FullName;

    public IClusterSet Set { get; private set; } = null!;

    public SandboxEndpoints Endpoints { get; private set; } = null!;

    public ISimulatedCluster Hub => Set.Clusters[0];

    public ISimulatedCluster East => Set.Clusters[1];

    public ISimulatedCluster West => Set.Clusters[2];

    public ISimulatedCluster Edge => Set.Clusters[3];

    public async Task InitializeAsync()
    {
        Set = await SandboxHost.StartAsync(new SandboxOptions { Directory = Directory, Members = 3, InMemory = true, Demo = true, AddressOffset = AddressOffset });
        Endpoints = (await SandboxHost.ReadEndpointsAsync(Directory))!;
    }

    public async Task DisposeAsync()
    {
        await Set.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
