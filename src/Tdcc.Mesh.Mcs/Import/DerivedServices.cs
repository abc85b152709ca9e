using System.Collections.Immutable;
using System.Text.Json;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Json;

namespace Tdcc.Mesh.Mcs.Import;

/// <summary>Pure mapping from an import to its derived Service: the local virtual IP of a clusterset service.</summary>
internal static class DerivedServices
{
    /// <summary>True when the import is headless.</summary>
    public static bool IsHeadless(ServiceImportSpec spec) => string.Equals(spec.Type, ServiceImportTypes.Headless, StringComparison.Ordinal);

    /// <summary>True when the existing derived Service has the other headlessness (clusterIP is immutable: recreate it).</summary>
    public static bool NeedsRecreate(Service existing, ServiceImportSpec spec) =>
        string.Equals(existing.Spec?.ClusterIP, "None", StringComparison.Ordinal) != IsHeadless(spec);

    /// <summary>
    /// The derived Service: type ClusterIP, no selector, the import's ports (targetPort = port, as the API server
    /// defaults it), session affinity and its config, <c>clusterIP: None</c> when headless. Fields the server allocated (clusterIP, clusterIPs,
    /// ipFamilies) are kept from <paramref name="existing"/>.
    /// </summary>
    public static Service Desired(Service existing, string name, ServiceImportSpec spec)
    {
        var headless = IsHeadless(spec);
        var labels = (existing.Metadata.Labels ?? ImmutableDictionary<string, string>.Empty).SetItem(McsLabels.ServiceName, name);
        var current = existing.Spec ?? new ServiceSpec();
        return existing with
        {
            Metadata = existing.Metadata with { Labels = labels },
            Spec = current with
            {
                Type = "ClusterIP",
                Selector = null,
                ClusterIP = headless ? "None" : current.ClusterIP,
                ClusterIPs = headless ? ["None"] : current.ClusterIPs,
                SessionAffinity = headless ? "None" : spec.SessionAffinity ?? "None",
                SessionAffinityConfig = AffinityConfig(headless, spec),
                Ports = spec.Ports.Select(p => new ServicePort
                {
                    Name = p.Name,
                    Protocol = p.Protocol ?? "TCP",
                    AppProtocol = p.AppProtocol,
                    Port = p.Port,
                    TargetPort = IntOrString.FromInt(p.Port),
                }).ToImmutableArray(),
            },
        };
    }

    /// <summary>
    /// The import's <c>sessionAffinityConfig</c> (client IP stickiness timeout) for a ClientIP-affine, non-headless
    /// import; null otherwise, as the API server requires.
    /// </summary>
    private static JsonElement? AffinityConfig(bool headless, ServiceImportSpec spec) =>
        !headless && string.Equals(spec.SessionAffinity, "ClientIP", StringComparison.Ordinal) && spec.SessionAffinityConfig is { } config
            ? JsonSerializer.SerializeToElement(config, McsJsonContext.Default.SessionAffinityConfig)
            : null;

    /// <summary>The clusterset IPs of an import in this cluster: the derived Service's cluster IPs, none when headless or not allocated yet.</summary>
    public static ImmutableArray<string> Ips(Service? derived, ServiceImportSpec spec)
    {
        if (derived?.Spec is not { } service || IsHeadless(spec))
        {
            return [];
        }

        var ips = service.ClusterIPs is { IsDefaultOrEmpty: false } all ? all : service.ClusterIP is { Length: > 0 } one ? [one] : [];
        return ips.Where(ip => !string.Equals(ip, "None", StringComparison.Ordinal) && ip.Length > 0).Take(2).ToImmutableArray();
    }
}
