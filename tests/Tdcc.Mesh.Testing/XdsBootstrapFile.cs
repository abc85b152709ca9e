using Tdcc.Mesh.Xds.Bootstrap;

namespace Tdcc.Mesh.Testing;

/// <summary>Writes the gRFC A27 bootstrap file the node peers read through <c>GRPC_XDS_BOOTSTRAP</c> (<see cref="XdsBootstrap"/>).</summary>
internal static class XdsBootstrapFile
{
    /// <summary>
    /// Writes <c>bootstrap.json</c> into <paramref name="directory"/>: one insecure xDS v3 server on
    /// <c>127.0.0.1:<paramref name="xdsPort"/></c>, the node, and the server listener template when given; returns its path.
    /// </summary>
    public static string Write(string directory, int xdsPort, string nodeId, string cluster, string region, string zone, string? serverListenerTemplate = null)
    {
        var path = Path.Combine(directory, "bootstrap.json");
        var node = XdsBootstrapNode.Create(nodeId, cluster, new XdsBootstrapLocality(region, zone));
        File.WriteAllText(path, XdsBootstrap.Create($"127.0.0.1:{xdsPort}", node, serverListenerTemplate).ToJson());
        return path;
    }
}
