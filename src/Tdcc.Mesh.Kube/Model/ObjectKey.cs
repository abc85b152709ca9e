namespace Tdcc.Mesh.Kube.Model;

/// <summary>Namespace and name of an object; the namespace is empty for cluster-scoped objects.</summary>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    /// <summary>A key for a cluster-scoped object.</summary>
    public static ObjectKey Cluster(string name) => new(string.Empty, name);

    /// <summary>The key of an object, from its metadata.</summary>
    public static ObjectKey Of(IKubeObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new(obj.Metadata.Namespace ?? string.Empty, obj.Metadata.Name ?? string.Empty);
    }

    /// <summary>Parses <c>namespace/name</c> or <c>name</c>.</summary>
    public static ObjectKey Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? Cluster(value) : new(value[..slash], value[(slash + 1)..]);
    }

    /// <inheritdoc />
    public override string ToString() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
