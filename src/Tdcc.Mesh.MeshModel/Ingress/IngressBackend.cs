using System.Collections.Immutable;

namespace Tdcc.Mesh.MeshModel.Ingress;

/// <summary>
/// A weighted backend of an <see cref="IngressRouteRule"/>: a Service of the gateway's own cluster (its endpoints, read
/// from the cluster's EndpointSlices) or a clusterset service imported as a <c>multicluster.x-k8s.io</c> ServiceImport
/// (sent through the east-west gateway's outbound path, with its failover). An <see cref="IngressBackendKind.Invalid"/>
/// backend keeps its weight and answers 500 for its share, as the spec requires.
/// </summary>
public sealed record IngressBackend
{
    /// <summary>What it refers to.</summary>
    public required IngressBackendKind Kind { get; init; }

    /// <summary>The namespace of the Service or ServiceImport.</summary>
    public string Namespace { get; init; } = string.Empty;

    /// <summary>The name of the Service or ServiceImport.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The port of the Service or ServiceImport.</summary>
    public int Port { get; init; }

    /// <summary>
    /// For <see cref="IngressBackendKind.Service"/>: the ready endpoints of that port, <c>ip:targetPort</c>, from the
    /// cluster's EndpointSlices (the control plane rebuilds the configuration when they change); empty: 503.
    /// </summary>
    public ImmutableArray<string> Endpoints { get; init; } = [];

    /// <summary>Its weight (default 1).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Filters of the backendRef, applied after the rule's when this backend is chosen.</summary>
    public ImmutableArray<IngressFilter> Filters { get; init; } = [];

    /// <summary>For <see cref="IngressBackendKind.Invalid"/>: why (the route's ResolvedRefs reason), for the log.</summary>
    public string? Reason { get; init; }
}

/// <summary>What an <see cref="IngressBackend"/> refers to.</summary>
public enum IngressBackendKind
{
    /// <summary>A core Service in the gateway's cluster.</summary>
    Service,

    /// <summary>A <c>multicluster.x-k8s.io</c> ServiceImport: the clusterset service <c>name.namespace.svc.clusterset.local</c>.</summary>
    ServiceImport,

    /// <summary>A reference that cannot be resolved (unknown kind, not found, not permitted): its share answers 500.</summary>
    Invalid,
}
