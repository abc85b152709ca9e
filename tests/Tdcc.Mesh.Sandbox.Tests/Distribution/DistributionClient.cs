using System.Text.Json.Nodes;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Distribution;

/// <summary>What the distribution tests do with a sandbox's hub and members over HTTP.</summary>
public sealed class DistributionClient(IClusterSet set)
{
    /// <summary>Creates <paramref name="json"/> on the hub (any kind), its namespace first.</summary>
    public async Task CreateOnHubAsync(string json)
    {
        var obj = GenericObject.Parse(json);
        if (obj.Metadata.Namespace is { } ns)
        {
            await set.Clusters[0].Client.Resource<Namespace>().CreateIfMissingAsync(new Namespace { Metadata = new ObjectMeta { Name = ns } });
        }

        var body = JsonNode.Parse(json)!;
        var apiVersion = body["apiVersion"]!.GetValue<string>();
        var kind = body["kind"]!.GetValue<string>();
        var type = await new Tdcc.Mesh.Distribution.Discovery.ResourceTypeResolver(set.Clusters[0].Client).ResolveAsync(apiVersion, kind, CancellationToken.None)
            ?? throw new InvalidOperationException($"the hub does not serve {kind} in {apiVersion}");
        await set.Clusters[0].Client.Resource(type).CreateAsync(obj);
    }

    public Task<Subscription?> SubscriptionAsync(string ns, string name) => set.Clusters[0].Client.Resource<Subscription>().GetAsync(ns, name);

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
    public async Task<Dictionary<string, int>> MemberReplicasAsync(string ns, string name, IReadOnlyList<string> members)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var member in set.Clusters.Where(c => members.Contains(c.Name)))
        {
            var deployment = await member.Client.Resource<Deployment>().GetAsync(ns, name);
            result[member.Name] = deployment?.Spec?.Replicas ?? 0;
        }

        return result;
    }
}
