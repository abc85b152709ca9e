using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Tdcc.Mesh.ApiServer.Registry;

/// <summary>An immutable view of the served resources with the lookups the server needs.</summary>
internal sealed class RegistrySnapshot
{
    private readonly FrozenDictionary<(string Group, string Version, string Resource), ResourceDefinition> _byPath;

    public RegistrySnapshot(ImmutableArray<ResourceDefinition> definitions)
    {
        All = definitions;
        _byPath = definitions.ToFrozenDictionary(d => (d.Group, d.Version, d.Resource));
        var builtInGroups = BuiltInResources.Definitions.Select(d => d.Group).Distinct().ToList();
        Groups = definitions
            .GroupBy(d => d.Group)
            .OrderBy(g => builtInGroups.IndexOf(g.Key) is var i && i >= 0 ? i : int.MaxValue)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ApiGroupInfo(g.Key, g.Select(d => d.Version).Distinct().Order(Comparer<string>.Create(VersionPriority.Compare)).ToImmutableArray()))
            .ToImmutableArray();
        StorageDefinitions = definitions
            .GroupBy(d => d.QualifiedResource)
            .Select(g => g.FirstOrDefault(d => d.Storage) ?? g.First())
            .ToImmutableArray();
    }

    public ImmutableArray<ResourceDefinition> All { get; }

    /// <summary>Groups in discovery order, each with versions in priority order (the first is preferred).</summary>
    public ImmutableArray<ApiGroupInfo> Groups { get; }

    /// <summary>One definition per stored resource.</summary>
    public ImmutableArray<ResourceDefinition> StorageDefinitions { get; }

    public ResourceDefinition? Find(string group, string version, string resource) =>
        _byPath.TryGetValue((group, version, resource), out var definition) ? definition : null;

    /// <summary>The storage definition of a qualified resource such as <c>deployments.apps</c>.</summary>
    public ResourceDefinition? FindStorage(string qualifiedResource) =>
        StorageDefinitions.FirstOrDefault(d => string.Equals(d.QualifiedResource, qualifiedResource, StringComparison.Ordinal));

    /// <summary>The definition serving <paramref name="kind"/> in <paramref name="apiVersion"/>.</summary>
    public ResourceDefinition? FindKind(string apiVersion, string kind) =>
        All.FirstOrDefault(d => string.Equals(d.ApiVersion, apiVersion, StringComparison.Ordinal) && string.Equals(d.Kind, kind, StringComparison.Ordinal));

    public IEnumerable<ResourceDefinition> InGroupVersion(string group, string version) =>
        All.Where(d => string.Equals(d.Group, group, StringComparison.Ordinal) && string.Equals(d.Version, version, StringComparison.Ordinal));
}
