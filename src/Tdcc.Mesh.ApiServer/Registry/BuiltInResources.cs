using System.Collections.Immutable;

namespace Tdcc.Mesh.ApiServer.Registry;

/// <summary>The built-in resources every server serves. Immutable and shared by all instances.</summary>
internal static class BuiltInResources
{
    private static readonly ImmutableArray<string> All = ["all"];
    private static readonly ScaleSubresource ReplicaScale = new(".spec.replicas", ".status.replicas", ".status.selector");

    public static readonly ImmutableArray<ResourceDefinition> Definitions =
    [
        Core("namespaces", "namespace", "Namespace", namespaced: false, shortNames: ["ns"], hasStatus: true, nameIsLabel: true, selectable: ["status.phase"]),
        Core("services", "service", "Service", shortNames: ["svc"], categories: All, hasStatus: true, nameIsLabel: true),
        Core("pods", "pod", "Pod", shortNames: ["po"], categories: All, hasStatus: true, selectable: ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"]),
        Core("nodes", "node", "Node", namespaced: false, shortNames: ["no"], hasStatus: true, selectable: ["spec.unschedulable"]),
        Core("configmaps", "configmap", "ConfigMap", shortNames: ["cm"]),
        Core("secrets", "secret", "Secret", selectable: ["type"]),
        Core("events", "event", "Event", shortNames: ["ev"], selectable: ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"]),
        Core("endpoints", "endpoints", "Endpoints", shortNames: ["ep"]),
        Core("serviceaccounts", "serviceaccount", "ServiceAccount", shortNames: ["sa"]),
        Core("resourcequotas", "resourcequota", "ResourceQuota", shortNames: ["quota"], hasStatus: true),
        Group("discovery.k8s.io", "endpointslices", "endpointslice", "EndpointSlice"),
        Group("apps", "deployments", "deployment", "Deployment", shortNames: ["deploy"], categories: All, hasStatus: true, scale: ReplicaScale, generation: true),
        Group("apps", "replicasets", "replicaset", "ReplicaSet", shortNames: ["rs"], categories: All, hasStatus: true, scale: ReplicaScale, generation: true, selectable: ["status.replicas"]),
        Group("apps", "statefulsets", "statefulset", "StatefulSet", shortNames: ["sts"], categories: All, hasStatus: true, scale: ReplicaScale, generation: true),
        Group("apps", "daemonsets", "daemonset", "DaemonSet", shortNames: ["ds"], categories: All, hasStatus: true, generation: true),
        Group("batch", "jobs", "job", "Job", categories: All, hasStatus: true, generation: true),
        Group("batch", "cronjobs", "cronjob", "CronJob", shortNames: ["cj"], categories: All, hasStatus: true, generation: true),
        Group("coordination.k8s.io", "leases", "lease", "Lease"),
        Group("networking.k8s.io", "networkpolicies", "networkpolicy", "NetworkPolicy", shortNames: ["netpol"], generation: true),
        Group("networking.k8s.io", "ingresses", "ingress", "Ingress", shortNames: ["ing"], hasStatus: true, generation: true),
        Group("policy", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", shortNames: ["pdb"], hasStatus: true, generation: true),
        Group("rbac.authorization.k8s.io", "clusterroles", "clusterrole", "ClusterRole", namespaced: false),
        Group("rbac.authorization.k8s.io", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", namespaced: false),
        Group("rbac.authorization.k8s.io", "roles", "role", "Role"),
        Group("rbac.authorization.k8s.io", "rolebindings", "rolebinding", "RoleBinding"),
        Group("certificates.k8s.io", "certificatesigningrequests", "certificatesigningrequest", "CertificateSigningRequest", namespaced: false, shortNames: ["csr"], hasStatus: true) with { HasApproval = true },
        Group("scheduling.k8s.io", "priorityclasses", "priorityclass", "PriorityClass", namespaced: false, shortNames: ["pc"]),
        Group("apiextensions.k8s.io", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", namespaced: false, shortNames: ["crd", "crds"], hasStatus: true, generation: true),
    ];

    private static ResourceDefinition Core(
        string resource,
        string singular,
        string kind,
        bool namespaced = true,
        ImmutableArray<string> shortNames = default,
        ImmutableArray<string> categories = default,
        bool hasStatus = false,
        bool nameIsLabel = false,
        ImmutableArray<string> selectable = default) =>
        Group(string.Empty, resource, singular, kind, namespaced, shortNames, categories, hasStatus, null, false, nameIsLabel, selectable);

    private static ResourceDefinition Group(
        string group,
        string resource,
        string singular,
        string kind,
        bool namespaced = true,
        ImmutableArray<string> shortNames = default,
        ImmutableArray<string> categories = default,
        bool hasStatus = false,
        ScaleSubresource? scale = null,
        bool generation = false,
        bool nameIsLabel = false,
        ImmutableArray<string> selectable = default) => new()
        {
            Group = group,
            Version = "v1",
            Resource = resource,
            Singular = singular,
            Kind = kind,
            Namespaced = namespaced,
            ShortNames = shortNames.IsDefault ? [] : shortNames,
            Categories = categories.IsDefault ? [] : categories,
            HasStatus = hasStatus,
            Scale = scale,
            TracksGeneration = generation,
            NameIsLabel = nameIsLabel,
            SelectableFields = selectable.IsDefault ? [] : selectable,
        };
}
