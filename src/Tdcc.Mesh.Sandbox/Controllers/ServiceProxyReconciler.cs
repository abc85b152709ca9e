using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// Feeds the cluster's <see cref="ServiceProxy"/>: for a Service with ClusterIPs, one frontend per ClusterIP and TCP
/// port, backed by the ready endpoints of the EndpointSlices labelled with the Service's name whose port has the
/// Service port's name (as kube-proxy matches them). Services without a ClusterIP (headless, ExternalName) get none.
/// </summary>
internal sealed class ServiceProxyReconciler(ServiceProxy proxy, IInformerStore<Service> services, IInformerStore<EndpointSlice> slices) : IReconciler
{
    private const int DefaultAffinitySeconds = 10800;

    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var service = services.GetByKey(key);
        proxy.Set(key, service is null ? [] : Frontends(service, slices.ByIndex(InformerIndexes.Label, InformerIndexes.LabelValue(EndpointSliceReconciler.ServiceNameLabel, key.Name))));
        return Task.FromResult(ReconcileResult.Done);
    }

    /// <summary>The Service whose frontends a slice feeds.</summary>
    public static IEnumerable<ObjectKey> ServiceOf(EndpointSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return slice.Metadata.Labels?.GetValueOrDefault(EndpointSliceReconciler.ServiceNameLabel) is { Length: > 0 } name
            ? [new ObjectKey(slice.Metadata.Namespace ?? string.Empty, name)]
            : [];
    }

    /// <summary>The frontends <paramref name="service"/> should have, given every slice of the cluster.</summary>
    public static IReadOnlyList<ServiceFrontend> Frontends(Service service, IEnumerable<EndpointSlice> allSlices)
    {
        ArgumentNullException.ThrowIfNull(service);
        var spec = service.Spec;
        var ips = (spec?.ClusterIPs is { IsDefaultOrEmpty: false } list ? list : spec?.ClusterIP is { } one ? [one] : ImmutableArray<string>.Empty)
            .Select(ip => IPAddress.TryParse(ip, out var address) ? address : null)
            .OfType<IPAddress>()
            .ToList();
        if (spec is null || ips.Count == 0 || spec.Type == "ExternalName")
        {
            return [];
        }

        var mine = allSlices
            .Where(s => s.Metadata.Namespace == service.Metadata.Namespace
                && s.Metadata.Labels?.GetValueOrDefault(EndpointSliceReconciler.ServiceNameLabel) == service.Metadata.Name)
            .ToList();
        TimeSpan? affinity = spec.SessionAffinity == "ClientIP" ? TimeSpan.FromSeconds(AffinitySeconds(spec.SessionAffinityConfig)) : null;
        var frontends = new List<ServiceFrontend>();
        foreach (var port in spec.Ports ?? [])
        {
            if ((port.Protocol ?? "TCP") != "TCP")
            {
                continue;
            }

            var backends = mine
                .SelectMany(slice => (slice.Ports ?? []).Where(p => (p.Name ?? string.Empty) == (port.Name ?? string.Empty) && (p.Protocol ?? "TCP") == "TCP" && p.Port is not null)
                    .SelectMany(p => slice.Endpoints
                        .Where(e => e.Conditions?.Ready != false && e.Addresses.Length > 0)
                        .Select(e => IPAddress.TryParse(e.Addresses[0], out var address) ? new IPEndPoint(address, p.Port!.Value) : null)))
                .OfType<IPEndPoint>()
                .Distinct()
                .OrderBy(e => e.ToString(), StringComparer.Ordinal)
                .ToImmutableArray();
            frontends.AddRange(ips.Where(ip => ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                .Select(ip => new ServiceFrontend(new IPEndPoint(ip, port.Port), backends, affinity)));
        }

        return frontends;
    }

    private static int AffinitySeconds(JsonElement? config) =>
        config is { ValueKind: JsonValueKind.Object } c
            && c.TryGetProperty("clientIP", out var clientIp) && clientIp.ValueKind == JsonValueKind.Object
            && clientIp.TryGetProperty("timeoutSeconds", out var seconds) && seconds.TryGetInt32(out var value) && value > 0
            ? value
            : DefaultAffinitySeconds;
}
