using System.Text.Json;

namespace Tdcc.Mesh.Xds.Bootstrap;

/// <summary>
/// A gRFC A27 bootstrap file: the xDS servers a proxyless gRPC client (or an xDS-enabled gRPC server) dials and the
/// node it says it is. Point <c>GRPC_XDS_BOOTSTRAP</c> at the JSON of <see cref="ToJson"/>.
/// </summary>
public sealed record XdsBootstrap
{
    public required IReadOnlyList<XdsBootstrapServer> XdsServers { get; init; }

    public required XdsBootstrapNode Node { get; init; }

    /// <summary>
    /// For xDS-enabled gRPC servers: the Listener name they ask for, <c>%s</c> standing for their <c>ip:port</c>
    /// (<c>grpc/server/xds/listening_address/%s</c>); null for clients.
    /// </summary>
    public string? ServerListenerResourceNameTemplate { get; init; }

    /// <summary>A bootstrap with one insecure xDS v3 server at <paramref name="serverUri"/> (<c>host:port</c>).</summary>
    public static XdsBootstrap Create(string serverUri, XdsBootstrapNode node, string? serverListenerResourceNameTemplate = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new XdsBootstrap
        {
            XdsServers = [XdsBootstrapServer.Insecure(serverUri)],
            Node = node,
            ServerListenerResourceNameTemplate = serverListenerResourceNameTemplate,
        };
    }

    /// <summary>The file's JSON, indented: snake_case field names, null fields left out.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, XdsBootstrapJsonContext.Default.XdsBootstrap);
}
