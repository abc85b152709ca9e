namespace Tdcc.Mesh.ApiServer.Registry;

/// <summary>
/// The resources one server serves: the shared built-ins plus the CRD-defined ones.
/// Readers take <see cref="Current"/>, an immutable snapshot; CRD changes swap in a new one.
/// </summary>
internal sealed class ResourceRegistry
{
    private static readonly RegistrySnapshot BuiltInsOnly = new(BuiltInResources.Definitions);
    private RegistrySnapshot _current = BuiltInsOnly;

    public RegistrySnapshot Current => Volatile.Read(ref _current);

    /// <summary>Replaces the custom resources with <paramref name="custom"/>.</summary>
    public void SetCustom(IEnumerable<ResourceDefinition> custom)
    {
        var list = custom.ToList();
        Volatile.Write(ref _current, list.Count == 0 ? BuiltInsOnly : new RegistrySnapshot(BuiltInResources.Definitions.AddRange(list)));
    }
}
