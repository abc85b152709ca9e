namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// Where the gateway listeners bind. Every gateway of a role shares one snapshot group per cluster, so these are
/// per control plane, not per node.
/// </summary>
public sealed record GatewayOptions
{
    /// <summary>The defaults: 0.0.0.0, east-west 15443, ingress 8080.</summary>
    public static GatewayOptions Default { get; } = new();

    /// <summary>The address both gateway listeners bind.</summary>
    public string ListenAddress { get; init; } = "0.0.0.0";

    /// <summary>The east-west gateway's mTLS port.</summary>
    public int EastWestPort { get; init; } = 15443;

    /// <summary>The ingress gateway's plaintext HTTP port.</summary>
    public int IngressPort { get; init; } = 8080;
}
