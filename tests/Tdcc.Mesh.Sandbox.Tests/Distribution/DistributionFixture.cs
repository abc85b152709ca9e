using System.Text.Json.Nodes;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Networking;
using Tdcc.Mesh.Sandbox.Workloads;
using Tdcc.Mesh.Testing;

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

    /// <summary>Creates <paramref name="json"/> on the hub (any kind), its namespace first.</summary>
    public async Task CreateOnHubAsync(string json)
    {
        var obj = GenericObject.Parse(json);
        if (obj.Metadata.Namespace is { } ns)
        {
            await Hub.Client.Resource<Namespace>().CreateIfMissingAsync(new Namespace { Metadata = new ObjectMeta { Name = ns } });
        }

        var body = JsonNode.Parse(json)!;
        var apiVersion = body["apiVersion"]!.GetValue<string>();
        var kind = body["kind"]!.GetValue<string>();
        var type = await new Tdcc.Mesh.Distribution.Discovery.ResourceTypeResolver(Hub.Client).ResolveAsync(apiVersion, kind, CancellationToken.None)
            ?? throw new InvalidOperationException($"the hub does not serve {kind} in {apiVersion}");
        await Hub.Client.Resource(type).CreateAsync(obj);
    }

    public Task<Subscription?> SubscriptionAsync(string ns, string name) => Hub.Client.Resource<Subscription>().GetAsync(ns, name);

    /// <summary>The Subscription once every placed cluster applied it and reports its replicas ready.</summary>
    public Task<Subscription> ReadyAsync(string ns, string name, TimeSpan? timeout = null) =>
        Eventually.GetAsync(
            () => SubscriptionAsync(ns, name),
            s => s.Status?.Conditions?.Any(c => c.Type == DeliveryConditions.Applied && c.Status == "True") == true
                && s.Status.ObservedGeneration == s.Metadata.Generation
                && s.Status.Placements is { Length: > 0 } placements
                && placements.Where(p => p.Evicting != true).All(p => p.ReadyReplicas is { } ready && ready >= (p.Replicas ?? 0)),
            $"Subscription {ns}/{name} applied and ready",
            timeout ?? TimeSpan.FromSeconds(90));

    /// <summary>The replicas of Deployment <paramref name="ns"/>/<paramref name="name"/> in each member (0 when absent).</summary>
    public async Task<Dictionary<string, int>> MemberReplicasAsync(string ns, string name)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var member in Set.Clusters.Where(c => c.Role == ClusterRole.Member))
        {
            var deployment = await member.Client.Resource<Deployment>().GetAsync(ns, name);
            result[member.Name] = deployment?.Spec?.Replicas ?? 0;
        }

        return result;
    }
}
