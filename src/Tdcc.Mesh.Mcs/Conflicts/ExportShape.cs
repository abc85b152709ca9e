using System.Collections.Immutable;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Mcs.Conflicts;

/// <summary>What one cluster exports for a namespace/name: the input of conflict resolution.</summary>
/// <param name="ClusterId">The exporting cluster.</param>
/// <param name="ExportedAt">The ServiceExport's creationTimestamp; the oldest export wins.</param>
/// <param name="Type"><c>ClusterSetIP</c> or <c>Headless</c>.</param>
/// <param name="Ports">The service's ports.</param>
public sealed record ExportShape(string ClusterId, DateTimeOffset ExportedAt, string Type, ImmutableArray<ServiceImportPort> Ports)
{
    public string? SessionAffinity { get; init; }
    public SessionAffinityConfig? SessionAffinityConfig { get; init; }
    public ImmutableArray<string> IpFamilies { get; init; } = [];
    public string? InternalTrafficPolicy { get; init; }
    public string? TrafficDistribution { get; init; }
    public ImmutableDictionary<string, string> ExportedLabels { get; init; } = ImmutableDictionary<string, string>.Empty;
    public ImmutableDictionary<string, string> ExportedAnnotations { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The shape a hub ExportedService records.</summary>
    public static ExportShape From(ExportedServiceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new(spec.ClusterId, spec.ExportCreationTimestamp, spec.Type, spec.Ports)
        {
            SessionAffinity = spec.SessionAffinity,
            SessionAffinityConfig = spec.SessionAffinityConfig,
            IpFamilies = spec.IpFamilies ?? [],
            InternalTrafficPolicy = spec.InternalTrafficPolicy,
            TrafficDistribution = spec.TrafficDistribution,
            ExportedLabels = spec.ExportedLabels ?? ImmutableDictionary<string, string>.Empty,
            ExportedAnnotations = spec.ExportedAnnotations ?? ImmutableDictionary<string, string>.Empty,
        };
    }
}
