using System.Collections.Immutable;
using System.Text.Json;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Json;

namespace Tdcc.Mesh.Mcs.Export;

/// <summary>Pure mapping from a member's ServiceExport and Service to what the hub records.</summary>
internal static class ServiceShape
{
    /// <summary>The ExportedService spec of an exportable service (anything but ExternalName).</summary>
    public static ExportedServiceSpec ToSpec(string clusterId, ServiceExport export, Service service)
    {
        var spec = service.Spec ?? new ServiceSpec();
        var headless = string.Equals(spec.ClusterIP, "None", StringComparison.Ordinal);
        return new ExportedServiceSpec
        {
            ClusterId = clusterId,
            ServiceNamespace = export.Metadata.Namespace ?? string.Empty,
            ServiceName = export.Metadata.Name ?? string.Empty,
            ExportCreationTimestamp = export.Metadata.CreationTimestamp ?? DateTimeOffset.UnixEpoch,
            Type = headless ? ServiceImportTypes.Headless : ServiceImportTypes.ClusterSetIP,
            Ports = (spec.Ports ?? []).Select(p => new ServiceImportPort
            {
                Name = string.IsNullOrEmpty(p.Name) ? null : p.Name,
                Protocol = p.Protocol ?? "TCP",
                AppProtocol = p.AppProtocol,
                Port = p.Port,
            }).ToImmutableArray(),
            SessionAffinity = spec.SessionAffinity ?? "None",
            SessionAffinityConfig = spec.SessionAffinityConfig is { ValueKind: JsonValueKind.Object } config
                ? config.Deserialize(McsJsonContext.Default.SessionAffinityConfig)
                : null,
            IpFamilies = spec.IpFamilies is { IsDefaultOrEmpty: false } families ? families : null,
            InternalTrafficPolicy = spec.InternalTrafficPolicy,
            TrafficDistribution = spec.TrafficDistribution,
            ExportedLabels = export.Spec?.ExportedLabels is { Count: > 0 } labels ? labels : null,
            ExportedAnnotations = export.Spec?.ExportedAnnotations is { Count: > 0 } annotations ? annotations : null,
        };
    }

    /// <summary>True for ExternalName services, which cannot be exported.</summary>
    public static bool IsExternalName(Service service) =>
        string.Equals(service.Spec?.Type, "ExternalName", StringComparison.Ordinal);
}
