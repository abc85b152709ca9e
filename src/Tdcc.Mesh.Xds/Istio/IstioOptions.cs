namespace Tdcc.Mesh.Xds.Istio;

/// <summary>What the Istio translation needs beyond the mesh model.</summary>
/// <param name="Networks">
/// The Istio network of each member cluster (its istiod's <c>values.global.network</c> / the
/// <c>topology.istio.io/network</c> label of istio-system). Every WorkloadEntry of a cluster's view is in that
/// cluster's own network (its pods, and its east-west gateway that carries the rest); a cluster without an entry gets
/// WorkloadEntries without <c>network</c>, which Istio treats as reachable from every proxy.
/// </param>
/// <param name="ClusterSetIps">
/// The ClusterSetIPs of a service in the cluster whose view is built (<c>(cluster, namespace, name)</c> → IPs), for
/// <c>ServiceEntry.addresses</c>. Each member allocates its own ClusterSetIP, so the hub does not know it: null or no
/// entry leaves addresses out.
/// </param>
/// <param name="LocalPodsInMesh">
/// True (default): the cluster's own endpoints carry <c>security.istio.io/tlsMode: istio</c>, so Istio's automatic
/// mutual TLS uses ISTIO_MUTUAL towards them (they run sidecars); the east-west gateway never carries it (its listen
/// ports are plain; it does its own mutual TLS between clusters).
/// </param>
public sealed record IstioOptions(
    IReadOnlyDictionary<string, string>? Networks = null,
    Func<string, string, string, IReadOnlyList<string>?>? ClusterSetIps = null,
    bool LocalPodsInMesh = true)
{
    /// <summary>No networks, no ClusterSetIPs, local pods in the mesh.</summary>
    public static IstioOptions Default { get; } = new();

    /// <summary>The Istio network of <paramref name="cluster"/>, or empty.</summary>
    public string NetworkOf(string cluster) => Networks?.GetValueOrDefault(cluster) ?? string.Empty;
}
