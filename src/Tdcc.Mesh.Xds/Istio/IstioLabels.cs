namespace Tdcc.Mesh.Xds.Istio;

/// <summary>The labels generated Istio objects carry, and the ones a ServiceEntry's workloadSelector matches.</summary>
public static class IstioLabels
{
    /// <summary>metadata.labels of every generated object: <c>app.kubernetes.io/managed-by=tdcc-mesh</c>.</summary>
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    /// <summary>The value of <see cref="ManagedBy"/>.</summary>
    public const string ManagedByValue = "tdcc-mesh";

    /// <summary>
    /// The workload label a clusterset ServiceEntry selects its WorkloadEntries by (value: the service name; the
    /// selector is namespaced). No pod carries it, so the selector never picks up a pod of the namespace.
    /// </summary>
    public const string ClusterSetService = "tdcc.io/clusterset-service";

    /// <summary>The cluster whose endpoints a WorkloadEntry stands for (the own cluster, or <see cref="ViaGateway"/>).</summary>
    public const string SourceCluster = "tdcc.io/source-cluster";

    /// <summary>The <see cref="SourceCluster"/> value of the WorkloadEntry that is the east-west gateway.</summary>
    public const string ViaGateway = "tdcc-east-west-gateway";

    /// <summary>Istio's label that makes automatic mutual TLS use ISTIO_MUTUAL towards an endpoint.</summary>
    public const string TlsMode = "security.istio.io/tlsMode";
}
