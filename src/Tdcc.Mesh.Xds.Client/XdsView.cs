using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;

namespace Tdcc.Mesh.Xds.Client;

/// <summary>
/// What the client holds, as one consistent set of decoded resources: every route configuration, load assignment and
/// secret the listeners and clusters name is here (<see cref="Complete"/>), unless the warming time ran out first
/// (then <see cref="Missing"/> says what is not). Immutable; the handler may keep it.
/// </summary>
public sealed record XdsView
{
    /// <summary>An empty, complete view.</summary>
    public static XdsView Empty { get; } = new();

    /// <summary>Listeners by name.</summary>
    public ImmutableDictionary<string, Listener> Listeners { get; init; } = ImmutableDictionary.Create<string, Listener>(StringComparer.Ordinal);

    /// <summary>Route configurations by name.</summary>
    public ImmutableDictionary<string, RouteConfiguration> Routes { get; init; } = ImmutableDictionary.Create<string, RouteConfiguration>(StringComparer.Ordinal);

    /// <summary>Clusters by name.</summary>
    public ImmutableDictionary<string, Cluster> Clusters { get; init; } = ImmutableDictionary.Create<string, Cluster>(StringComparer.Ordinal);

    /// <summary>Cluster load assignments by name (a cluster's EDS service name, or its own name).</summary>
    public ImmutableDictionary<string, ClusterLoadAssignment> LoadAssignments { get; init; } = ImmutableDictionary.Create<string, ClusterLoadAssignment>(StringComparer.Ordinal);

    /// <summary>Secrets by name.</summary>
    public ImmutableDictionary<string, Secret> Secrets { get; init; } = ImmutableDictionary.Create<string, Secret>(StringComparer.Ordinal);

    /// <summary>The server's version of each resource, keyed <c>&lt;type URL&gt; &lt;name&gt;</c>.</summary>
    public ImmutableDictionary<string, string> Versions { get; init; } = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>True when every referenced resource is present or known not to exist.</summary>
    public bool Complete { get; init; } = true;

    /// <summary>The referenced resources still awaited (<c>RDS name</c>, ...), when not <see cref="Complete"/>.</summary>
    public ImmutableArray<string> Missing { get; init; } = [];

    /// <summary>A short hash of every (type, name, version): equal resources, equal version.</summary>
    public string Version => ComputeVersion(Versions);

    /// <summary>The version key of a resource in <see cref="Versions"/>.</summary>
    public static string VersionKey(string typeUrl, string name) => typeUrl + " " + name;

    private static string ComputeVersion(ImmutableDictionary<string, string> versions)
    {
        var text = new StringBuilder();
        foreach (var (key, version) in versions.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(version).Append('\n');
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8)) + (versions.Count == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"/{versions.Count}"));
    }
}
