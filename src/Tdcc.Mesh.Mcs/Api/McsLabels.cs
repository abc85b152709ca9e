namespace Tdcc.Mesh.Mcs.Api;

/// <summary>Well-known labels, annotations, finalizers and names of the MCS objects.</summary>
public static class McsLabels
{
    /// <summary>On imported EndpointSlices (and hub copies): the ServiceImport name.</summary>
    public const string ServiceName = "multicluster.kubernetes.io/service-name";

    /// <summary>On imported EndpointSlices (and hub copies): the cluster id the endpoints come from.</summary>
    public const string SourceCluster = "multicluster.kubernetes.io/source-cluster";

    /// <summary>On hub objects: the namespace of the exported service (hub objects live in the cluster's hub namespace).</summary>
    public const string ServiceNamespace = "tdcc.io/service-namespace";

    /// <summary>The Kubernetes label naming a slice's Service.</summary>
    public const string KubernetesServiceName = "kubernetes.io/service-name";

    /// <summary>The Kubernetes label naming a slice's manager.</summary>
    public const string ManagedBy = "endpointslice.kubernetes.io/managed-by";

    /// <summary>Our value of <see cref="ManagedBy"/> (never the default controller's <c>endpointslice-controller.k8s.io</c>).</summary>
    public const string ManagedByValue = "tdcc-mesh.io";

    /// <summary>On member ServiceImports: the name of the derived Service.</summary>
    public const string DerivedServiceAnnotation = "multicluster.kubernetes.io/derived-service";

    /// <summary>On hub ServiceImports: the winning export's <c>exportedLabels</c>, as a JSON object, for members to put on their ServiceImport.</summary>
    public const string ExportedLabelsAnnotation = "tdcc.io/exported-labels";

    /// <summary>On hub ServiceImports: the winning export's <c>exportedAnnotations</c>, as a JSON object.</summary>
    public const string ExportedAnnotationsAnnotation = "tdcc.io/exported-annotations";

    /// <summary>On the reports agents write into their hub namespace: which report it is (<see cref="MissingNamespacesReportValue"/>).</summary>
    public const string Report = "mcs.tdcc.io/report";

    /// <summary>
    /// <see cref="Report"/> of the ConfigMap <see cref="McsNames.MissingNamespacesReport"/>: the imported namespaces the
    /// cluster lacks, which the hub turns into the exports' <see cref="McsConditions.NamespaceMissing"/> condition.
    /// </summary>
    public const string MissingNamespacesReportValue = "missing-namespaces";

    /// <summary>
    /// On hub ServiceImports (copied to member ServiceImports): the east-west gateway listen port of each TCP service port,
    /// <c>&lt;service port&gt;=&lt;listen port&gt;,...</c>, allocated by the hub from 30000-32767, unique in the clusterset
    /// (see <see cref="Aggregation.GatewayPorts"/>).
    /// </summary>
    public const string GatewayPortsAnnotation = "tdcc.io/gateway-ports";

    /// <summary>On member ServiceExports: holds the export until its hub objects are removed.</summary>
    public const string ExportFinalizer = "tdcc.io/mcs-export";
}
