using System.Collections.Frozen;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Listener.V3;
using Google.Protobuf;

namespace Tdcc.Mesh.Xds.Cache;

/// <summary>
/// An immutable set of xDS resources for one node group: per type, the resources by name, a content version per
/// resource and a version per type. Replaced in its entirety, never changed.
/// </summary>
public sealed class Snapshot
{
    private static readonly FrozenDictionary<string, ResourceSet> EmptySets = TypeUrls.PushOrder.ToFrozenDictionary(
        type => type,
        type => new ResourceSet(type, FrozenDictionary<string, XdsResource>.Empty),
        StringComparer.Ordinal);

    private readonly FrozenDictionary<string, ResourceSet> _byType;

    private Snapshot(FrozenDictionary<string, ResourceSet> byType)
    {
        _byType = byType;
    }

    /// <summary>A snapshot without resources.</summary>
    public static Snapshot Empty { get; } = Create(Array.Empty<XdsResource>());

    /// <summary>The resource sets, one per served Envoy type (empty sets included), then the Istio types that have resources.</summary>
    public IEnumerable<ResourceSet> Sets => TypeUrls.PushOrder.Select(Get).Concat(IstioTypes.Select(Get));

    /// <summary>The Istio GVK types this snapshot has resources of, in order.</summary>
    public IEnumerable<string> IstioTypes => _byType.Keys.Where(TypeUrls.IsIstio).Order(StringComparer.Ordinal);

    /// <summary>Builds a snapshot from messages; two resources of one type with one name are an error.</summary>
    public static Snapshot Create(IEnumerable<IMessage> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return Create(resources.Select(XdsResource.Create));
    }

    /// <summary>Builds a snapshot from already wrapped resources (they may be shared with other snapshots).</summary>
    public static Snapshot Create(IEnumerable<XdsResource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var byType = new Dictionary<string, Dictionary<string, XdsResource>>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            if (!byType.TryGetValue(resource.TypeUrl, out var items))
            {
                items = new Dictionary<string, XdsResource>(StringComparer.Ordinal);
                byType[resource.TypeUrl] = items;
            }

            if (!items.TryAdd(resource.Name, resource))
            {
                throw new ArgumentException($"Duplicate {TypeUrls.ShortName(resource.TypeUrl)} resource '{resource.Name}'.", nameof(resources));
            }
        }

        var sets = byType.ToFrozenDictionary(
            pair => pair.Key,
            pair => new ResourceSet(pair.Key, pair.Value.ToFrozenDictionary(StringComparer.Ordinal)),
            StringComparer.Ordinal);
        return new Snapshot(sets);
    }

    /// <summary>The resources of one type (an empty set for a type without resources).</summary>
    public ResourceSet Get(string typeUrl)
    {
        ArgumentNullException.ThrowIfNull(typeUrl);
        if (_byType.TryGetValue(typeUrl, out var set))
        {
            return set;
        }

        if (EmptySets.TryGetValue(typeUrl, out var empty))
        {
            return empty;
        }

        // An Istio type without resources (istiod asks for every kind it knows): a new empty set, not kept, since clients
        // choose these names. Streams see no change between two empty sets (same empty items, empty diff).
        return TypeUrls.IsIstio(typeUrl)
            ? new ResourceSet(typeUrl, FrozenDictionary<string, XdsResource>.Empty)
            : throw new ArgumentException($"Unknown type URL '{typeUrl}'.", nameof(typeUrl));
    }

    /// <summary>The version of one type.</summary>
    public string GetVersion(string typeUrl) => Get(typeUrl).Version;

    /// <summary>Checks that every EDS name referenced by an EDS cluster and every RDS name referenced by a listener is present.</summary>
    public SnapshotConsistency Consistent()
    {
        var endpoints = Get(TypeUrls.ClusterLoadAssignment).Items;
        var routes = Get(TypeUrls.RouteConfiguration).Items;
        var missingEndpoints = Get(TypeUrls.Cluster).Items.Values
            .Select(resource => ResourceNames.EndpointsOf((Cluster)resource.Message))
            .OfType<string>()
            .Where(name => !endpoints.ContainsKey(name))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var missingRoutes = Get(TypeUrls.Listener).Items.Values
            .SelectMany(resource => ResourceNames.RoutesOf((Listener)resource.Message))
            .Where(name => !routes.ContainsKey(name))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return new SnapshotConsistency(missingEndpoints, missingRoutes);
    }
}
