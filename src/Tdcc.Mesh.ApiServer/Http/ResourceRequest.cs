namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>A request for a resource, parsed from its path the way kube-apiserver's RequestInfoFactory does.</summary>
internal sealed record ResourceRequest(string Group, string Version, string? Namespace, string Resource, string? Name, string? Subresource)
{
    private static readonly HashSet<string> NamespaceSubresources = new(["status", "finalize"], StringComparer.Ordinal);

    /// <summary>Parses the segments after <c>/api/v1</c> or <c>/apis/g/v</c>; null when they name no resource.</summary>
    public static ResourceRequest? Parse(string group, string version, ReadOnlySpan<string> parts)
    {
        if (parts.Length == 0)
        {
            return null;
        }

        string? ns = null;
        if (parts[0] == "namespaces" && parts.Length > 1)
        {
            ns = parts[1];
            if (parts.Length > 2 && !NamespaceSubresources.Contains(parts[2]))
            {
                parts = parts[2..];
            }
            else
            {
                // The namespace object itself: /namespaces/{name}[/status|/finalize].
                return new ResourceRequest(group, version, null, "namespaces", parts[1], parts.Length > 2 ? parts[2] : null);
            }
        }

        return parts.Length switch
        {
            1 => new ResourceRequest(group, version, ns, parts[0], null, null),
            2 => new ResourceRequest(group, version, ns, parts[0], parts[1], null),
            3 => new ResourceRequest(group, version, ns, parts[0], parts[1], parts[2]),
            _ => null,
        };
    }
}
