namespace Tdcc.Mesh.Xds.Bootstrap;

/// <summary>An entry of <c>xds_servers</c>: where the control plane listens, how to authenticate to it, what it supports.</summary>
public sealed record XdsBootstrapServer
{
    /// <summary>The xDS v3 transport protocol, the only one the server speaks.</summary>
    public const string XdsV3 = "xds_v3";

    /// <summary>The server's address as gRPC dials it: <c>host:port</c>, no scheme.</summary>
    public required string ServerUri { get; init; }

    public required IReadOnlyList<XdsChannelCredentials> ChannelCreds { get; init; }

    public IReadOnlyList<string> ServerFeatures { get; init; } = [XdsV3];

    /// <summary>A plaintext (h2c) xDS v3 server at <paramref name="serverUri"/>.</summary>
    public static XdsBootstrapServer Insecure(string serverUri)
    {
        ArgumentException.ThrowIfNullOrEmpty(serverUri);
        return new XdsBootstrapServer { ServerUri = serverUri, ChannelCreds = [XdsChannelCredentials.Insecure] };
    }
}
