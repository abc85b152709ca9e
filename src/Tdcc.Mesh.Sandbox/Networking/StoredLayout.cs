using System.Text.Json;

namespace Tdcc.Mesh.Sandbox.Networking;

/// <summary>
/// The network layout a state directory was made with (<c>network.json</c>). Addresses are stored in the clusters'
/// objects (pod IPs, ClusterIPs), so a directory keeps its address plan: <c>auto</c> follows the stored layout, and
/// an explicit layout with another address plan (loopback versus namespaces) is refused unless the state is discarded
/// (<c>--fresh</c>). A directory with state but no file was made before layouts existed: loopback.
/// </summary>
internal static class StoredLayout
{
    public const string FileName = "network.json";

    /// <summary>The layout to use in <paramref name="directory"/> for <paramref name="requested"/> (already resolved from Auto to <paramref name="resolved"/>).</summary>
    public static NetworkMode Choose(string? directory, NetworkMode requested, NetworkMode resolved)
    {
        var stored = Read(directory);
        if (stored is null || SamePlan(stored.Value, resolved))
        {
            return resolved;
        }

        if (requested == NetworkMode.Auto)
        {
            if (stored.Value != NetworkMode.Loopback && !SandboxNetwork.IsSupported())
            {
                throw new NetworkSetupException($"the state in {directory} was made with the {Name(stored.Value)} layout, which needs network namespaces (root); run as root, or start over with --fresh");
            }

            return stored.Value;
        }

        throw new NetworkSetupException($"the state in {directory} was made with the {Name(stored.Value)} layout, whose addresses differ from the {Name(resolved)} layout's; start with --network {Name(stored.Value)}, or with --fresh to start over");
    }

    public static void Write(string? directory, NetworkMode mode)
    {
        if (directory is not null)
        {
            File.WriteAllText(Path.Combine(directory, FileName), "{\"layout\":\"" + Name(mode) + "\"}\n");
        }
    }

    private static NetworkMode? Read(string? directory)
    {
        if (directory is null)
        {
            return null;
        }

        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return Directory.Exists(Path.Combine(directory, "clusters")) ? NetworkMode.Loopback : null;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.TryGetProperty("layout", out var layout) && Enum.TryParse<NetworkMode>(layout.GetString(), ignoreCase: true, out var mode) && mode != NetworkMode.Auto
            ? mode
            : throw new NetworkSetupException($"{path} does not name a layout (loopback, routed or isolated)");
    }

    private static bool SamePlan(NetworkMode a, NetworkMode b) => (a == NetworkMode.Loopback) == (b == NetworkMode.Loopback);

    private static string Name(NetworkMode mode) => mode.ToString().ToLowerInvariant();
}
