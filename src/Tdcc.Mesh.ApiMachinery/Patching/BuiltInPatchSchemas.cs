namespace Tdcc.Mesh.ApiMachinery.Patching;

/// <summary>The patch strategies declared in kube's Go types (<c>patchStrategy</c>/<c>patchMergeKey</c> tags) for the served kinds.</summary>
internal static class BuiltInPatchSchemas
{
    private static readonly PatchSchema Metadata = PatchSchema.Empty
        .WithList("finalizers", null)
        .WithList("ownerReferences", "uid");

    private static readonly PatchSchema Container = PatchSchema.Empty
        .WithList("ports", "containerPort")
        .WithList("env", "name")
        .WithList("volumeMounts", "mountPath")
        .WithList("volumeDevices", "devicePath");

    private static readonly PatchSchema PodSpec = PatchSchema.Empty
        .WithList("containers", "name").WithAll("containers", Container)
        .WithList("initContainers", "name").WithAll("initContainers", Container)
        .WithList("ephemeralContainers", "name").WithAll("ephemeralContainers", Container)
        .WithList("volumes", "name")
        .WithList("imagePullSecrets", "name")
        .WithList("hostAliases", "ip")
        .WithList("topologySpreadConstraints", "topologyKey")
        .WithList("resourceClaims", "name")
        .WithList("schedulingGates", "name");

    private static readonly PatchSchema PodTemplate = PatchSchema.Empty
        .WithAll("metadata", Metadata)
        .WithAll("spec", PodSpec);

    private static readonly PatchSchema ObjectRoot = PatchSchema.Empty.WithAll("metadata", Metadata);

    private static readonly PatchSchema StatusConditions = PatchSchema.Empty.WithList("status.conditions", "type");

    public static PatchSchema For(string group, string version, string kind)
    {
        _ = version;
        return (group, kind) switch
        {
            ("", "Pod") => ObjectRoot.WithAll("spec", PodSpec).WithAll(string.Empty, StatusConditions),
            ("", "PodTemplate") => ObjectRoot.WithAll("template", PodTemplate),
            ("", "ReplicationController") => ObjectRoot.WithAll("spec.template", PodTemplate).WithAll(string.Empty, StatusConditions),
            ("apps", "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet") =>
                ObjectRoot.WithAll("spec.template", PodTemplate).WithAll(string.Empty, StatusConditions),
            ("batch", "Job") => ObjectRoot.WithAll("spec.template", PodTemplate).WithAll(string.Empty, StatusConditions),
            ("batch", "CronJob") => ObjectRoot.WithAll("spec.jobTemplate.spec.template", PodTemplate),
            ("", "Service") => ObjectRoot.WithList("spec.ports", "port").WithAll(string.Empty, StatusConditions),
            ("", "Node") => ObjectRoot.WithList("status.conditions", "type").WithList("status.addresses", "type"),
            ("", "Namespace") => ObjectRoot.WithList("status.conditions", "type"),
            ("", "PersistentVolumeClaim") => ObjectRoot.WithList("status.conditions", "type"),
            _ => ObjectRoot,
        };
    }
}
