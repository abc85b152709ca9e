using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Sandbox.Tests.Mesh;

/// <summary>
/// The MCS objects of the hub (exports, aggregated imports, exported slices) and of one member (imports, imported
/// slices in <c>demo</c>), each as kind/namespace/name → (uid, service). Two reads around a failover prove that
/// nothing was lost (a uid gone), recreated (a uid changed) or duplicated (an object of an unexpected service).
/// </summary>
internal sealed record MeshObjects(IReadOnlyDictionary<string, (string Uid, string Service)> Objects)
{
    public static async Task<MeshObjects> ReadAsync(IKubeClient hub, IKubeClient member)
    {
        var objects = new Dictionary<string, (string Uid, string Service)>(StringComparer.Ordinal);
        void Add(string kind, ObjectMeta metadata, string? service) =>
            objects.Add($"{kind}/{metadata.Namespace}/{metadata.Name}", (metadata.Uid!, service ?? string.Empty));

        foreach (var export in (await hub.Resource<ExportedService>().ListAsync()).Items)
        {
            Add("hub-export", export.Metadata, export.Spec?.ServiceName);
        }

        foreach (var import in (await hub.Resource<ServiceImport>().ListAsync(new ListOptions { Namespace = McsNames.DefaultImportsNamespace })).Items)
        {
            Add("hub-import", import.Metadata, import.Metadata.Labels?.GetValueOrDefault(McsLabels.ServiceName) ?? import.Metadata.Name);
        }

        var managed = new ListOptions { LabelSelector = $"{McsLabels.ManagedBy}={McsLabels.ManagedByValue}" };
        foreach (var slice in (await hub.Resource<EndpointSlice>().ListAsync(managed)).Items)
        {
            Add("hub-slice", slice.Metadata, slice.Metadata.Labels?.GetValueOrDefault(McsLabels.ServiceName));
        }

        foreach (var import in (await member.Resource<ServiceImport>().ListAsync(new ListOptions { Namespace = "demo" })).Items)
        {
            Add("member-import", import.Metadata, import.Metadata.Name);
        }

        foreach (var slice in (await member.Resource<EndpointSlice>().ListAsync(new ListOptions { Namespace = "demo", LabelSelector = McsLabels.SourceCluster })).Items)
        {
            Add("member-slice", slice.Metadata, slice.Metadata.Labels?.GetValueOrDefault(McsLabels.ServiceName));
        }

        return new MeshObjects(objects);
    }

    /// <summary>How many objects of <paramref name="kind"/> belong to <paramref name="service"/>.</summary>
    public int Count(string kind, string service) =>
        Objects.Count(o => o.Key.StartsWith(kind + "/", StringComparison.Ordinal) && o.Value.Service == service);

    /// <summary>The objects not in <paramref name="earlier"/>.</summary>
    public IEnumerable<KeyValuePair<string, (string Uid, string Service)>> AddedSince(MeshObjects earlier) =>
        Objects.Where(o => !earlier.Objects.ContainsKey(o.Key));
}
