using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>
/// <c>&lt;dir&gt;/ports.json</c>: the ports the sandbox's servers bound at their first start, reused at the next start
/// of the same directory so a saved kubeconfig or xDS bootstrap keeps working (see <see cref="StablePorts"/>).
/// </summary>
public sealed record SandboxPorts
{
    public const string FileName = "ports.json";

    public int Version { get; init; } = 1;

    /// <summary>The API server port of each cluster, by cluster name.</summary>
    public IReadOnlyDictionary<string, int> ApiServers { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The xDS server's port; null before the mesh first started.</summary>
    public int? Xds { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
