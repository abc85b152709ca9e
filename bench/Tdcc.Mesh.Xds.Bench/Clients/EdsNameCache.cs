using System.Collections.Concurrent;
using Envoy.Config.Cluster.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf.WellKnownTypes;

namespace Tdcc.Mesh.Xds.Bench.Clients;

/// <summary>
/// The EDS names a CDS response asks for (each EDS cluster's <c>service_name</c>, else its name), parsed once per CDS
/// version and shared by every stream of the client process, as the responses are equal for equal versions.
/// </summary>
internal sealed class EdsNameCache
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _byVersion = new(StringComparer.Ordinal);

    /// <summary>The EDS names of a SotW CDS response (all clusters), by its version.</summary>
    public IReadOnlyList<string> For(DiscoveryResponse clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        return _byVersion.GetOrAdd(clusters.VersionInfo, static (_, response) => Parse(response.Resources), clusters);
    }

    /// <summary>The EDS names of a delta CDS response, by its system version (the bench's CDS never changes after the first).</summary>
    public IReadOnlyList<string> For(DeltaDiscoveryResponse clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        return _byVersion.GetOrAdd("delta:" + clusters.SystemVersionInfo, static (_, response) => Parse(response.Resources.Select(r => r.Resource_)), clusters);
    }

    private static List<string> Parse(IEnumerable<Any> resources)
    {
        var names = new List<string>();
        foreach (var any in resources)
        {
            var cluster = Cluster.Parser.ParseFrom(any.Value);
            if (cluster.Type == Cluster.Types.DiscoveryType.Eds)
            {
                names.Add(cluster.EdsClusterConfig?.ServiceName is { Length: > 0 } serviceName ? serviceName : cluster.Name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
