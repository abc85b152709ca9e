using System.Net;
using Tdcc.Mesh.Dns.Zones;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Mcs.Dns;

/// <summary>Pure mapping from a member's ServiceImports and imported EndpointSlices to the DNS zone's input.</summary>
internal static class ZoneRecords
{
    /// <summary>One record set per ServiceImport; endpoints come from the imported slices labelled with its name.</summary>
    public static IReadOnlyList<ServiceRecordSet> Build(IEnumerable<ServiceImport> imports, IEnumerable<EndpointSlice> slices)
    {
        var byService = slices
            .Select(s => (Slice: s, Key: ServiceOf(s)))
            .Where(s => s.Key is not null)
            .ToLookup(s => s.Key!.Value, s => s.Slice);
        var sets = new List<ServiceRecordSet>();
        foreach (var import in imports)
        {
            if (ForService(import, byService[ObjectKey.Of(import)]) is { } set)
            {
                sets.Add(set);
            }
        }

        return sets;
    }

    /// <summary>
    /// The record set of one ServiceImport from its imported slices (<paramref name="slices"/> may hold others, they are
    /// filtered); null when the import is missing, has no spec or is being deleted, so the service has no names.
    /// </summary>
    public static ServiceRecordSet? ForService(ServiceImport? import, IEnumerable<EndpointSlice> slices)
    {
        if (import?.Spec is null || import.Metadata.DeletionTimestamp is not null)
        {
            return null;
        }

        var spec = import.Spec;
        var key = ObjectKey.Of(import);
        var endpoints = slices
            .Where(slice => ServiceOf(slice) == key)
            .SelectMany(slice => slice.Endpoints.Select(e => new EndpointRecord(
                slice.Metadata.Labels?.GetValueOrDefault(McsLabels.SourceCluster) ?? string.Empty,
                e.Hostname,
                e.Addresses.Select(a => IPAddress.TryParse(a, out var ip) ? ip : null).OfType<IPAddress>().ToList(),
                e.Conditions?.Ready != false)))
            .ToList();
        return new ServiceRecordSet(
            key.Namespace,
            key.Name,
            string.Equals(spec.Type, ServiceImportTypes.Headless, StringComparison.Ordinal) ? ServiceType.Headless : ServiceType.ClusterSetIP,
            (spec.Ips ?? []).Select(a => IPAddress.TryParse(a, out var ip) ? ip : null).OfType<IPAddress>().ToList(),
            spec.Ports.Select(p => new ServicePortRecord(p.Name, p.Protocol ?? "TCP", p.Port)).ToList(),
            endpoints);
    }

    /// <summary>The ServiceImport an imported slice belongs to; null for a slice we did not import.</summary>
    public static ObjectKey? ServiceOf(EndpointSlice slice) =>
        slice.Metadata.Labels is { } labels
        && labels.GetValueOrDefault(McsLabels.ManagedBy) == McsLabels.ManagedByValue
        && labels.GetValueOrDefault(McsLabels.ServiceName) is { } service
            ? new ObjectKey(slice.Metadata.Namespace ?? string.Empty, service)
            : null;
}
