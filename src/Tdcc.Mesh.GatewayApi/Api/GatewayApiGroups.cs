namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary>API groups, versions and kinds a mesh route names.</summary>
public static class GatewayApiGroups
{
    /// <summary>The Gateway API group.</summary>
    public const string Gateway = "gateway.networking.k8s.io";

    /// <summary>The served and stored version of GRPCRoute and HTTPRoute.</summary>
    public const string Version = "v1";

    /// <summary><c>gateway.networking.k8s.io/v1</c>.</summary>
    public const string ApiVersion = Gateway + "/" + Version;

    /// <summary>The multi-cluster services group (ServiceImport parents and backends).</summary>
    public const string Multicluster = "multicluster.x-k8s.io";

    /// <summary>The core group, written as the empty string (or <c>core</c>, as GAMMA examples do).</summary>
    public const string Core = "";

    /// <summary>The kind of a ServiceImport parent or backend.</summary>
    public const string ServiceImportKind = "ServiceImport";

    /// <summary>The kind of a Service parent or backend (and the default kind of a backend).</summary>
    public const string ServiceKind = "Service";

    /// <summary>The default kind of a parentRef.</summary>
    public const string GatewayKind = "Gateway";

    /// <summary>The GRPCRoute kind.</summary>
    public const string GrpcRouteKind = "GRPCRoute";

    /// <summary>The HTTPRoute kind.</summary>
    public const string HttpRouteKind = "HTTPRoute";

    /// <summary>The GatewayClass kind.</summary>
    public const string GatewayClassKind = "GatewayClass";

    /// <summary>The ReferenceGrant kind.</summary>
    public const string ReferenceGrantKind = "ReferenceGrant";

    /// <summary>The kind of a listener's certificate reference (and its default).</summary>
    public const string SecretKind = "Secret";
}
