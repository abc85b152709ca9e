using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Tests.Clusters;

/// <summary>
/// A hub and two members (east, west) in this process, shared by the tests of the "sandbox" collection.
/// Members use the address blocks 127.110/16 and 127.111/16 (offset 100) so they never meet other sandboxes.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public const int AddressOffset = 100;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("tdcc-sandbox-").FullName;

    public IClusterSet Set { get; private set; } = null!;

    public ISimulatedCluster East => Set.Clusters[1];

    public ISimulatedCluster West => Set.Clusters[2];

    public async Task InitializeAsync() =>
        Set = await SandboxHost.StartAsync(new SandboxOptions { Directory = Directory, Members = 2, InMemory = true, AddressOffset = AddressOffset });

    public async Task DisposeAsync()
    {
        await Set.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SandboxGroup : ICollectionFixture<SandboxFixture>
{
    /// <summary>Every test that starts clusters or pods joins it, so pod addresses never clash between tests.</summary>
    public const string Name = "sandbox";
}
