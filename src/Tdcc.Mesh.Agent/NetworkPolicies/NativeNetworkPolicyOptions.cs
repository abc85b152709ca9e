namespace Tdcc.Mesh.Agent.NetworkPolicies;

/// <summary>What the native NetworkPolicy renderer needs to know about its member.</summary>
internal sealed record NativeNetworkPolicyOptions
{
    /// <summary>The member's name on the hub (as policies name source clusters).</summary>
    public required string ClusterName { get; init; }

    /// <summary>The namespace the member's east-west gateway runs in (the agent's own).</summary>
    public required string GatewayNamespace { get; init; }

    /// <summary>The label every gateway pod carries (the chart's and the sandbox's gateways: <c>app.kubernetes.io/component=gateway</c>).</summary>
    public KeyValuePair<string, string> GatewayLabel { get; init; } = new("app.kubernetes.io/component", "gateway");
}
