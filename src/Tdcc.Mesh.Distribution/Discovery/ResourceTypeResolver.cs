using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Discovery;

/// <summary>
/// Finds where an apiVersion/kind is served on one API server (its plural and scope) from the group-version's
/// discovery document. Found kinds are cached (a server's kinds are few); a kind not found is asked again next time,
/// since a CRD may be installed meanwhile.
/// </summary>
public sealed class ResourceTypeResolver(IKubeClient client)
{
    private readonly ConcurrentDictionary<(string ApiVersion, string Kind), ResourceType> _found = new();

    /// <summary>The resource type, or null when the server does not serve the kind.</summary>
    public async Task<ResourceType?> ResolveAsync(string apiVersion, string kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        if (_found.TryGetValue((apiVersion, kind), out var type))
        {
            return type;
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        string body;
        try
        {
            body = await client.GetRawAsync(group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}", cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.NotFound)
        {
            return null;
        }

        if (JsonNode.Parse(body)?["resources"] is not JsonArray resources)
        {
            return null;
        }

        foreach (var resource in resources.OfType<JsonObject>())
        {
            var name = resource["name"]?.GetValue<string>();
            if (name is null || name.Contains('/', StringComparison.Ordinal) || resource["kind"]?.GetValue<string>() != kind)
            {
                continue;
            }

            type = new ResourceType(group, version, kind, name, resource["namespaced"]?.GetValue<bool>() == true);
            _found[(apiVersion, kind)] = type;
            return type;
        }

        return null;
    }
}
