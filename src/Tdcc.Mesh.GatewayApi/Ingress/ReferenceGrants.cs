using Tdcc.Mesh.GatewayApi.Api;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>
/// Whether a reference across namespaces is permitted: a ReferenceGrant in the referent's namespace must trust the
/// referring object's group, kind and namespace, and name the referent's group and kind (and its name, or none).
/// </summary>
internal sealed class ReferenceGrants(IReadOnlyList<ReferenceGrant> grants)
{
    private readonly ILookup<string, ReferenceGrant> byNamespace = grants.ToLookup(g => g.Metadata.Namespace ?? string.Empty, StringComparer.Ordinal);

    public bool Permits(string fromGroup, string fromKind, string fromNamespace, string toGroup, string toKind, string toNamespace, string toName)
    {
        if (string.Equals(fromNamespace, toNamespace, StringComparison.Ordinal))
        {
            return true;
        }

        return byNamespace[toNamespace].Any(grant =>
            grant.Spec is { } spec
            && spec.From.Any(f => Group(f.Group) == Group(fromGroup) && f.Kind == fromKind && f.Namespace == fromNamespace)
            && spec.To.Any(t => Group(t.Group) == Group(toGroup) && t.Kind == toKind && (string.IsNullOrEmpty(t.Name) || t.Name == toName)));
    }

    /// <summary>The core group is written <c>""</c> or <c>core</c>.</summary>
    private static string Group(string? group) => group is null or "core" ? string.Empty : group;
}
