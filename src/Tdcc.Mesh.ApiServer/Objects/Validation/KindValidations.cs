using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>The validation strategy of every built-in resource, by qualified resource; metadata rules apply to every kind.</summary>
internal static class KindValidations
{
    private static readonly FrozenDictionary<string, IKindValidation> Strategies = new Dictionary<string, IKindValidation>(StringComparer.Ordinal)
    {
        ["pods"] = new PodValidation(),
        ["services"] = new ServiceValidation(),
        ["endpoints"] = new EndpointsValidation(),
        ["configmaps"] = new ConfigDataValidation("data", "binaryData"),
        ["secrets"] = new ConfigDataValidation("data", "stringData"),
        ["endpointslices.discovery.k8s.io"] = new EndpointSliceValidation(),
        ["deployments.apps"] = new DeploymentValidation(),
        ["replicasets.apps"] = new ReplicaSetValidation(),
        ["statefulsets.apps"] = new StatefulSetValidation(),
        ["daemonsets.apps"] = new DaemonSetValidation(),
        ["jobs.batch"] = new JobValidation(),
        ["cronjobs.batch"] = new CronJobValidation(),
        ["leases.coordination.k8s.io"] = new LeaseValidation(),
        ["networkpolicies.networking.k8s.io"] = new NetworkingValidation(ingress: false),
        ["ingresses.networking.k8s.io"] = new NetworkingValidation(ingress: true),
        ["poddisruptionbudgets.policy"] = new PodDisruptionBudgetValidation(),
        ["certificatesigningrequests.certificates.k8s.io"] = new CertificateSigningRequestValidation(),
        ["roles.rbac.authorization.k8s.io"] = new RbacValidation(binding: false, clusterScoped: false),
        ["clusterroles.rbac.authorization.k8s.io"] = new RbacValidation(binding: false, clusterScoped: true),
        ["rolebindings.rbac.authorization.k8s.io"] = new RbacValidation(binding: true, clusterScoped: false),
        ["clusterrolebindings.rbac.authorization.k8s.io"] = new RbacValidation(binding: true, clusterScoped: true),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The field errors of <paramref name="obj"/> (create when <paramref name="old"/> is null).</summary>
    public static FieldErrorList Validate(ResourceDefinition definition, JsonObject obj, JsonObject? old)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        ObjectMetaValidation.Validate(obj["metadata"], "metadata", errors);
        if (!definition.IsCustom && Strategies.TryGetValue(definition.QualifiedResource, out var strategy))
        {
            strategy.Validate(obj, old, errors);
        }

        return errors;
    }
}
