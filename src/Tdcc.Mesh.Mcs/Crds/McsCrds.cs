using System.Collections.Immutable;

namespace Tdcc.Mesh.Mcs.Crds;

/// <summary>The CRD manifests embedded in this assembly (embedded from the chart's <c>charts/tdcc-mesh/crds/</c>, their one copy).</summary>
public static class McsCrds
{
    /// <summary><c>serviceexports.multicluster.x-k8s.io</c>.</summary>
    public const string ServiceExports = "serviceexports.yaml";

    /// <summary><c>serviceimports.multicluster.x-k8s.io</c>.</summary>
    public const string ServiceImports = "serviceimports.yaml";

    /// <summary><c>exportedservices.tdcc.io</c>, hub only.</summary>
    public const string ExportedServices = "exportedservices.yaml";

    /// <summary>What a member cluster needs.</summary>
    public static ImmutableArray<string> Member { get; } = [ServiceExports, ServiceImports];

    /// <summary>What the hub needs: the per-cluster exports and the aggregated imports.</summary>
    public static ImmutableArray<string> Hub { get; } = [ExportedServices, ServiceImports];

    /// <summary>The YAML text of an embedded manifest.</summary>
    public static string Read(string manifest)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifest);
        using var stream = typeof(McsCrds).Assembly.GetManifestResourceStream("Tdcc.Mesh.Mcs.Crds." + manifest)
            ?? throw new ArgumentException($"no embedded CRD manifest '{manifest}'", nameof(manifest));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
