using System.Collections.Immutable;

namespace Tdcc.Mesh.ApiServer.Registry;

/// <summary>
/// The resources one server serves: the shared built-ins plus the CRD-defined ones, plus those served from a source
/// outside the store (metrics.k8s.io once the kubelet registers its metrics).
/// Readers take <see cref="Current"/>, an immutable snapshot; CRD changes swap in a new one.
/// </summary>
internal sealed class ResourceRegistry
{
    private static readonly RegistrySnapshot BuiltInsOnly = new(BuiltInResources.Definitions);
    private readonly Lock _gate = new();
    private RegistrySnapshot _current = BuiltInsOnly;
    private ImmutableArray<ResourceDefinition> _custom = [];
    private ImmutableArray<ResourceDefinition> _sourced = [];

    public RegistrySnapshot Current => Volatile.Read(ref _current);

    /// <summary>Replaces the custom resources with <paramref name="custom"/>.</summary>
    public void SetCustom(IEnumerable<ResourceDefinition> custom)
    {
        lock (_gate)
        {
            _custom = [.. custom];
            Rebuild();
        }
    }

    /// <summary>Replaces the resources served from outside the store with <paramref name="sourced"/>.</summary>
    public void SetSourced(IEnumerable<ResourceDefinition> sourced)
    {
        lock (_gate)
        {
            _sourced = [.. sourced];
            Rebuild();
        }
    }

    private void Rebuild() =>
        Volatile.Write(ref _current, _custom.IsEmpty && _sourced.IsEmpty ? BuiltInsOnly : new RegistrySnapshot(BuiltInResources.Definitions.AddRange(_sourced).AddRange(_custom)));
}
