using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>What the ingress resolver reads of one cluster (the informers' caches, or a test's objects).</summary>
public sealed record IngressInputs
{
    public IReadOnlyList<GatewayClass> GatewayClasses { get; init; } = [];
    public IReadOnlyList<Gateway> Gateways { get; init; } = [];
    public IReadOnlyList<HttpRoute> HttpRoutes { get; init; } = [];
    public IReadOnlyList<GrpcRoute> GrpcRoutes { get; init; } = [];
    public IReadOnlyList<ReferenceGrant> ReferenceGrants { get; init; } = [];
    public IReadOnlyList<Service> Services { get; init; } = [];
    public IReadOnlyList<EndpointSlice> EndpointSlices { get; init; } = [];
    public IReadOnlyList<ServiceImport> ServiceImports { get; init; } = [];
    public IReadOnlyList<Secret> Secrets { get; init; } = [];

    /// <summary>Namespaces, for listeners whose <c>allowedRoutes.namespaces.from</c> is <c>Selector</c>.</summary>
    public IReadOnlyList<Namespace> Namespaces { get; init; } = [];
}
