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
            .Where(s => s.Metadata.Labels?.GetValueOrDefault(McsLabels.ManagedBy) == McsLabels.ManagedByValue
                && s.Metadata.Labels.GetValueOrDefault(McsLabels.ServiceName) is not null)
            .ToLookup(s => new ObjectKey(s.Metadata.Namespace ?? string.Empty, s.Metadata.Labels![McsLabels.ServiceName]));
        var sets = new List<ServiceRecordSet>();
        foreach (var import in imports.Where(i => i.Spec is not null && i.Metadata.DeletionTimestamp is null))
        {
            var spec = import.Spec!;
            var key = ObjectKey.Of(import);
            var endpoints = byService[key]
                .SelectMany(slice => slice.Endpoints.Select(e => new EndpointRecord(
                    slice.Metadata.Labels?.GetValueOrDefault(McsLabels.SourceCluster) ?? string.Empty,
                    e.Hostname,
                    e.Addresses.Select(a => IPAddress.TryParse(a, out var ip) ? ip : null).OfType<IPAddress>().ToList(),
                    e.Conditions?.Ready != false)))
                .ToList();
            sets.Add(new ServiceRecordSet(
                key.Namespace,
                key.Name,
                string.Equals(spec.Type, ServiceImportTypes.Headless, StringComparison.Ordinal) ? ServiceType.Headless : ServiceType.ClusterSetIP,
                (spec.Ips ?? []).Select(a => IPAddress.TryParse(a, out var ip) ? ip : null).OfType<IPAddress>().ToList(),
                spec.Ports.Select(p => new ServicePortRecord(p.Name, p.Protocol ?? "TCP", p.Port)).ToList(),
                endpoints));
        }

        return sets;
    }
}
