namespace Tdcc.Mesh.Xds.Bootstrap;

/// <summary>An entry of <c>channel_creds</c>: the credentials type gRPC uses to reach the xDS server.</summary>
public sealed record XdsChannelCredentials(string Type)
{
    /// <summary>Plaintext: the sandbox's xDS server serves h2c.</summary>
    public static XdsChannelCredentials Insecure { get; } = new("insecure");
}
