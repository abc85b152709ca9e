using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;

namespace Tdcc.Mesh.Xds.Client;

/// <summary>
/// Everything the client holds, immutable: resources by type and name, and for the types subscribed by name the names
/// the server said do not exist (<c>removed_resources</c>). A response is applied to a copy, which becomes the state
/// only when accepted.
/// </summary>
internal sealed class XdsHeldState
{
    private static readonly ImmutableDictionary<string, XdsHeldResource> NoResources = ImmutableDictionary.Create<string, XdsHeldResource>(StringComparer.Ordinal);
    private static readonly ImmutableHashSet<string> NoNames = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    private readonly ImmutableDictionary<string, ImmutableDictionary<string, XdsHeldResource>> _byType;
    private readonly ImmutableDictionary<string, ImmutableHashSet<string>> _absent;

    private XdsHeldState(ImmutableDictionary<string, ImmutableDictionary<string, XdsHeldResource>> byType, ImmutableDictionary<string, ImmutableHashSet<string>> absent)
    {
        _byType = byType;
        _absent = absent;
        Count = byType.Values.Sum(items => items.Count);
    }

    public static XdsHeldState Empty { get; } = new(
        ImmutableDictionary.Create<string, ImmutableDictionary<string, XdsHeldResource>>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, ImmutableHashSet<string>>(StringComparer.Ordinal));

    /// <summary>How many resources are held, all types together.</summary>
    public int Count { get; }

    public ImmutableDictionary<string, XdsHeldResource> Of(string typeUrl) => _byType.GetValueOrDefault(typeUrl, NoResources);

    public bool IsAbsent(string typeUrl, string name) => _absent.TryGetValue(typeUrl, out var names) && names.Contains(name);

    /// <summary>Adds or replaces <paramref name="updated"/> and drops <paramref name="removed"/>; for named types a removed name is remembered as absent.</summary>
    public XdsHeldState Apply(string typeUrl, IReadOnlyList<XdsHeldResource> updated, IReadOnlyList<string> removed)
    {
        var items = Of(typeUrl).ToBuilder();
        var absent = _absent.GetValueOrDefault(typeUrl, NoNames).ToBuilder();
        foreach (var resource in updated)
        {
            items[resource.Name] = resource;
            absent.Remove(resource.Name);
        }

        foreach (var name in removed)
        {
            items.Remove(name);
            if (!XdsTypeUrls.IsWildcard(typeUrl))
            {
                absent.Add(name);
            }
        }

        return new XdsHeldState(_byType.SetItem(typeUrl, items.ToImmutable()), _absent.SetItem(typeUrl, absent.ToImmutable()));
    }

    /// <summary>Keeps only <paramref name="wanted"/> names of a named type (resources and absent markers alike).</summary>
    public XdsHeldState Retain(string typeUrl, IReadOnlySet<string> wanted)
    {
        var items = Of(typeUrl);
        var absent = _absent.GetValueOrDefault(typeUrl, NoNames);
        var keptItems = items.RemoveRange(items.Keys.Where(name => !wanted.Contains(name)).ToList());
        var keptAbsent = absent.Except(absent.Where(name => !wanted.Contains(name)).ToList());
        return keptItems.Count == items.Count && keptAbsent.Count == absent.Count
            ? this
            : new XdsHeldState(_byType.SetItem(typeUrl, keptItems), _absent.SetItem(typeUrl, keptAbsent));
    }

    /// <summary>The names the listeners and clusters refer to, per named type, plus <paramref name="extraSecrets"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> References(IEnumerable<string> extraSecrets)
    {
        var routes = new HashSet<string>(StringComparer.Ordinal);
        var endpoints = new HashSet<string>(StringComparer.Ordinal);
        var secrets = new HashSet<string>(extraSecrets, StringComparer.Ordinal);
        foreach (var resource in Of(XdsTypeUrls.Listener).Values.Concat(Of(XdsTypeUrls.Cluster).Values))
        {
            routes.UnionWith(resource.Routes);
            endpoints.UnionWith(resource.Endpoints);
            secrets.UnionWith(resource.Secrets);
        }

        return new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
        {
            [XdsTypeUrls.RouteConfiguration] = routes,
            [XdsTypeUrls.ClusterLoadAssignment] = endpoints,
            [XdsTypeUrls.Secret] = secrets,
        };
    }

    /// <summary>The view of what is held; <paramref name="missing"/> empty means complete.</summary>
    public XdsView ToView(IReadOnlyCollection<string> missing)
    {
        var versions = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (typeUrl, items) in _byType)
        {
            foreach (var resource in items.Values)
            {
                versions[XdsView.VersionKey(typeUrl, resource.Name)] = resource.Version;
            }
        }

        return new XdsView
        {
            Listeners = Messages<Listener>(XdsTypeUrls.Listener),
            Routes = Messages<RouteConfiguration>(XdsTypeUrls.RouteConfiguration),
            Clusters = Messages<Cluster>(XdsTypeUrls.Cluster),
            LoadAssignments = Messages<ClusterLoadAssignment>(XdsTypeUrls.ClusterLoadAssignment),
            Secrets = Messages<Secret>(XdsTypeUrls.Secret),
            Versions = versions.ToImmutable(),
            Complete = missing.Count == 0,
            Missing = [.. missing],
        };
    }

    private ImmutableDictionary<string, T> Messages<T>(string typeUrl) =>
        Of(typeUrl).ToImmutableDictionary(pair => pair.Key, pair => (T)pair.Value.Message, StringComparer.Ordinal);
}
