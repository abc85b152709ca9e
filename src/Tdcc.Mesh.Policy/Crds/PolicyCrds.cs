namespace Tdcc.Mesh.Policy.Crds;

/// <summary>The CRD manifests embedded in this assembly (embedded from the chart's <c>charts/tdcc-mesh/crds/</c>, their one copy).</summary>
public static class PolicyCrds
{
    /// <summary><c>trafficpolicies.networking.tdcc.io</c>, hub only.</summary>
    public const string TrafficPolicies = "trafficpolicies.yaml";

    /// <summary><c>multiclusternetworkpolicies.networking.tdcc.io</c>, hub only.</summary>
    public const string MultiClusterNetworkPolicies = "multiclusternetworkpolicies.yaml";

    /// <summary>The YAML text of an embedded manifest.</summary>
    public static string Read(string manifest)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifest);
        using var stream = typeof(PolicyCrds).Assembly.GetManifestResourceStream("Tdcc.Mesh.Policy.Crds." + manifest)
            ?? throw new ArgumentException($"no embedded CRD manifest '{manifest}'", nameof(manifest));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
