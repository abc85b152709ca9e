using System.Collections.Immutable;

namespace Tdcc.Mesh.GatewayApi.Crds;

/// <summary>The Gateway API CRD manifests embedded in this assembly (embedded from the chart's <c>charts/tdcc-mesh/crds/</c>, their one copy).</summary>
public static class GatewayApiCrds
{
    /// <summary><c>grpcroutes.gateway.networking.k8s.io</c>.</summary>
    public const string GrpcRoutes = "grpcroutes.yaml";

    /// <summary><c>httproutes.gateway.networking.k8s.io</c>.</summary>
    public const string HttpRoutes = "httproutes.yaml";

    /// <summary><c>gatewayclasses.gateway.networking.k8s.io</c>.</summary>
    public const string GatewayClasses = "gatewayclasses.yaml";

    /// <summary><c>gateways.gateway.networking.k8s.io</c>.</summary>
    public const string Gateways = "gateways.yaml";

    /// <summary><c>referencegrants.gateway.networking.k8s.io</c> (v1beta1).</summary>
    public const string ReferenceGrants = "referencegrants.yaml";

    /// <summary>What an ingress gateway's cluster needs: every kind the ingress controller reads.</summary>
    public static ImmutableArray<string> Ingress { get; } = [GatewayClasses, Gateways, HttpRoutes, GrpcRoutes, ReferenceGrants];

    /// <summary>What the hub needs: both route kinds.</summary>
    public static ImmutableArray<string> Hub { get; } = [GrpcRoutes, HttpRoutes];

    /// <summary>The YAML text of every manifest the hub needs.</summary>
    public static IEnumerable<string> ReadHub() => Hub.Select(Read);

    /// <summary>The YAML text of an embedded manifest.</summary>
    public static string Read(string manifest)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifest);
        using var stream = typeof(GatewayApiCrds).Assembly.GetManifestResourceStream("Tdcc.Mesh.GatewayApi.Crds." + manifest)
            ?? throw new ArgumentException($"no embedded CRD manifest '{manifest}'", nameof(manifest));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
