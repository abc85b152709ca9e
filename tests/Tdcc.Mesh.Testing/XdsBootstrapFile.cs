using System.Text.Json;

namespace Tdcc.Mesh.Testing;

/// <summary>Writes the gRFC A27 bootstrap file the node peers read through <c>GRPC_XDS_BOOTSTRAP</c>.</summary>
internal static class XdsBootstrapFile
{
    /// <summary>
    /// Writes <c>bootstrap.json</c> into <paramref name="directory"/>: one insecure xDS v3 server on
    /// <c>127.0.0.1:<paramref name="xdsPort"/></c>, the node, and the server listener template when given; returns its path.
    /// </summary>
    public static string Write(string directory, int xdsPort, string nodeId, string cluster, string region, string zone, string? serverListenerTemplate = null)
    {
        var path = Path.Combine(directory, "bootstrap.json");
        var servers = new[]
        {
            new { server_uri = $"127.0.0.1:{xdsPort}", channel_creds = new[] { new { type = "insecure" } }, server_features = new[] { "xds_v3" } },
        };
        var node = new { id = nodeId, cluster, locality = new { region, zone } };
        object bootstrap = serverListenerTemplate is null
            ? new { xds_servers = servers, node }
            : new { xds_servers = servers, node, server_listener_resource_name_template = serverListenerTemplate };
        File.WriteAllText(path, JsonSerializer.Serialize(bootstrap));
        return path;
    }
}
