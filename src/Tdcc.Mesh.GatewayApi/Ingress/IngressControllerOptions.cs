using System.Collections.Immutable;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>How an <see cref="IngressController"/> runs (docs/ingress.md). Plain data.</summary>
public sealed record IngressControllerOptions
{
    /// <summary>
    /// The <c>controllerName</c> of the GatewayClasses this controller serves (and of the route parent status entries it
    /// writes); default <see cref="IngressControllerName.Value"/>.
    /// </summary>
    public string ControllerName { get; init; } = IngressControllerName.Value;

    /// <summary>
    /// The addresses reported in <c>status.addresses</c> of every programmed Gateway (IP addresses are reported as type
    /// <c>IPAddress</c>, anything else as <c>Hostname</c>); empty: none reported.
    /// </summary>
    public ImmutableArray<string> Addresses { get; init; } = [];

    /// <summary>Only watch this namespace (Gateways, routes, ReferenceGrants, Services, ...); null: every namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>Install the Gateway API CRDs (GatewayClass, Gateway, HTTPRoute, GRPCRoute, ReferenceGrant) before watching.</summary>
    public bool InstallCrds { get; init; }
}
