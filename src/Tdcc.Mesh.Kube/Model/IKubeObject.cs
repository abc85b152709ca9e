using System.Text.Json.Serialization.Metadata;

namespace Tdcc.Mesh.Kube.Model;

/// <summary>Any Kubernetes object: apiVersion, kind and metadata.</summary>
public interface IKubeObject
{
    /// <summary>The <c>apiVersion</c> field.</summary>
    string? ApiVersion { get; }

    /// <summary>The <c>kind</c> field.</summary>
    string? Kind { get; }

    /// <summary>Standard object metadata.</summary>
    ObjectMeta Metadata { get; }
}

/// <summary>
/// A typed kind: the type knows where it is served and how it is serialized,
/// so clients and informers need no registration table.
/// </summary>
/// <typeparam name="TSelf">The implementing record.</typeparam>
public interface IKubeObject<TSelf> : IKubeObject
    where TSelf : class, IKubeObject<TSelf>
{
    /// <summary>Where the kind is served.</summary>
    static abstract ResourceType Resource { get; }

    /// <summary>Source-generated serialization metadata of the kind.</summary>
    static abstract JsonTypeInfo<TSelf> JsonTypeInfo { get; }

    /// <summary>Source-generated serialization metadata of its list.</summary>
    static abstract JsonTypeInfo<KubeList<TSelf>> ListJsonTypeInfo { get; }

    /// <summary>A copy of this object with other metadata (records implement it with <c>with</c>).</summary>
    TSelf WithMetadata(ObjectMeta metadata);
}
