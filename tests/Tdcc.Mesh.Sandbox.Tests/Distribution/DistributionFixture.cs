using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Networking;
using Tdcc.Mesh.Sandbox.Workloads;

namespace Tdcc.Mesh.Sandbox.Tests.Distribution;

/// <summary>
/// One in-process sandbox shared by the distribution tests: a hub with a node (so its controllers and kubelet run, as on
/// a real hub: a template must not start pods there), and east and west with 3 nodes and edge with 1 (less room),
/// fast heartbeats. Each test works in its own namespace.
/// </summary>
public sealed class DistributionFixture : IAsyncLifetime
{
    public const int AddressOffset = 220;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("tdcc-dist-").FullName;

    public IClusterSet Set { get; private set; } = null!;

    public SandboxEndpoints Endpoints { get; private set; } = null!;

    public ISimulatedCluster Hub => Set.Clusters[0];

    public DistributionClient Client => new(Set);

    public ISimulatedCluster Member(string name) => Set.Clusters.Single(c => c.Name == name);

    public async Task InitializeAsync()
    {
        Set = await SandboxHost.StartAsync(new SandboxOptions
        {
            Directory = Directory,
            Members = 3,
            InMemory = true,
            HubNodes = 1,
            MemberNodes = new Dictionary<string, int> { ["edge"] = 1 },
            AddressOffset = AddressOffset,
            MeshTimings = NamespacedSandboxFixture.Timings,
        });
        Endpoints = (await SandboxHost.ReadEndpointsAsync(Directory))!;
    }

    public async Task DisposeAsync()
    {
        await Set.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>A Deployment template on the hub, held (replicas 0, the count in the annotation) so it starts no pods there.</summary>
    public static string HeldDeployment(string ns, string name, int replicas, string cpu = "100m") => $$$"""
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"namespace": "{{{ns}}}", "name": "{{{name}}}", "labels": {"app": "{{{name}}}"}, "annotations": {"{{{DistributionLabels.ReplicasAnnotation}}}": "{{{replicas}}}"}},
         "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "{{{name}}}"}},
                  "template": {"metadata": {"labels": {"app": "{{{name}}}"}},
                               "spec": {"containers": [{"name": "main", "image": "{{{EchoImage.Name}}}", "resources": {"requests": {"cpu": "{{{cpu}}}", "memory": "16Mi"} } } ] } } } }
        """;

    public Task CreateOnHubAsync(string json) => Client.CreateOnHubAsync(json);

    public Task<Subscription?> SubscriptionAsync(string ns, string name) => Client.SubscriptionAsync(ns, name);

    public Task<Subscription> ReadyAsync(string ns, string name) => Client.ReadyAsync(ns, name);

    public Task<Dictionary<string, int>> MemberReplicasAsync(string ns, string name) => Client.MemberReplicasAsync(ns, name, ["east", "west", "edge"]);
}
