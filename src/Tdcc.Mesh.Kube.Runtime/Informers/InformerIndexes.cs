using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Informers;

/// <summary>The indexes every store keeps, and the value forms they are queried with.</summary>
public static class InformerIndexes
{
    /// <summary>By namespace; value is the namespace (empty for cluster-scoped objects).</summary>
    public const string Namespace = "namespace";

    /// <summary>By label; value is <c>key=value</c> (see <see cref="LabelValue"/>).</summary>
    public const string Label = "label";

    /// <summary>By owner; value is the owner's uid.</summary>
    public const string Owner = "owner";

    /// <summary>The index value of a label.</summary>
    public static string LabelValue(string key, string value) => key + "=" + value;

    /// <summary>The built-in index functions.</summary>
    internal static IEnumerable<string> IndexNamespace(IKubeObject obj) => [obj.Metadata.Namespace ?? string.Empty];

    internal static IEnumerable<string> IndexLabels(IKubeObject obj) =>
        obj.Metadata.Labels?.Select(label => LabelValue(label.Key, label.Value)) ?? [];

    internal static IEnumerable<string> IndexOwners(IKubeObject obj) =>
        obj.Metadata.OwnerReferences?.Select(owner => owner.Uid) ?? [];
}
