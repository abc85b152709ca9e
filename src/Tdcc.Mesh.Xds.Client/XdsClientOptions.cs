using Tdcc.Mesh.Grpc.Client;

namespace Tdcc.Mesh.Xds.Client;

/// <summary>Where an <see cref="XdsClient"/> connects, who it says it is, and its limits.</summary>
public sealed class XdsClientOptions
{
    /// <summary>The role gateways announce in <c>node.metadata.TDCC_ROLE</c>.</summary>
    public const string EastWestGatewayRole = "east-west-gateway";

    /// <summary>The xDS server, <c>http://host:port</c> (h2c) or <c>https://host:port</c>.</summary>
    public required Uri Server { get; set; }

    /// <summary><c>node.id</c>: unique per process (for example <c>&lt;cluster&gt;/&lt;pod&gt;</c>).</summary>
    public required string NodeId { get; set; }

    /// <summary><c>node.cluster</c>: the member cluster; with the role it picks the snapshot group on the hub.</summary>
    public required string Cluster { get; set; }

    /// <summary><c>node.locality.region</c>.</summary>
    public string? Region { get; set; }

    /// <summary><c>node.locality.zone</c>.</summary>
    public string? Zone { get; set; }

    /// <summary><c>node.metadata.TDCC_ROLE</c>; null or empty: none (a proxyless node).</summary>
    public string? Role { get; set; } = EastWestGatewayRole;

    /// <summary><c>node.user_agent_name</c>.</summary>
    public string UserAgent { get; set; } = "tdcc-gateway";

    /// <summary>
    /// Sent as <c>authorization: Bearer</c> on every stream: the hub serves a gateway node only with its cluster's hub
    /// token (docs/xds.md "Authentication"); null sends none.
    /// </summary>
    public string? BearerToken { get; set; }

    /// <summary>Secret names subscribed to whether or not a listener or cluster names them (the trust bundle, for example).</summary>
    public IReadOnlyList<string> ExtraSecretNames { get; set; } = [];

    /// <summary>The first reconnect delay; it doubles up to <see cref="MaxBackoff"/>, each delay drawn between half and all of it.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest reconnect delay.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a view may wait for referenced resources before it is published with what is there.</summary>
    public TimeSpan WarmingTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most resources held, all types together; a response that would exceed it is NACKed.</summary>
    public int MaxResources { get; set; } = 50_000;

    /// <summary>Channel settings (TLS, message size limit: a response larger than <see cref="GrpcChannelOptions.MaxReceiveMessageSize"/> fails the stream).</summary>
    public GrpcChannelOptions? ChannelOptions { get; set; }
}
