using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>The defaults kube-apiserver fills into built-in objects that clients commonly read back.</summary>
internal static class BuiltInDefaults
{
    /// <summary>A Secret's write-only <c>stringData</c> is merged into <c>data</c> (base64, its keys win) and dropped, as kube stores it.</summary>
    private static void FoldStringData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject strings)
        {
            secret.Remove("stringData");
            return;
        }

        var data = secret["data"] as JsonObject ?? new JsonObject();
        secret["data"] = data;
        foreach (var (key, value) in strings)
        {
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty;
            data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
        }

        secret.Remove("stringData");
    }

    /// <summary>Applies defaults to a built-in object before it is stored (create and update).</summary>
    public static void Apply(ResourceDefinition definition, JsonObject obj)
    {
        if (definition.IsCustom)
        {
            return;
        }

        var spec = obj["spec"] as JsonObject;
        switch (definition.QualifiedResource)
        {
            case "namespaces":
                Labels(obj)["kubernetes.io/metadata.name"] = ObjectMeta.Name(obj);
                break;
            case "services":
                DefaultService(EnsureObject(obj, "spec"));
                break;
            case "secrets":
                obj["type"] ??= "Opaque";
                FoldStringData(obj);
                Auth.ServiceAccountTokens.Fill(obj);
                break;
            case "pods":
                if (spec is not null)
                {
                    DefaultPodSpec(spec);
                }

                break;
            case "deployments.apps":
                if (spec is not null)
                {
                    spec["replicas"] ??= 1;
                    spec["revisionHistoryLimit"] ??= 10;
                    spec["progressDeadlineSeconds"] ??= 600;
                    spec["strategy"] ??= new JsonObject
                    {
                        ["type"] = "RollingUpdate",
                        ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" },
                    };
                    DefaultTemplate(spec);
                }

                break;
            case "replicasets.apps":
            case "statefulsets.apps":
            case "daemonsets.apps":
                if (spec is not null)
                {
                    if (definition.Resource != "daemonsets")
                    {
                        spec["replicas"] ??= 1;
                    }

                    DefaultTemplate(spec);
                }

                break;
            case "jobs.batch":
                BatchDefaults.Job(obj, DefaultTemplate);
                break;
            case "cronjobs.batch":
                BatchDefaults.CronJob(obj, DefaultTemplate);
                break;
            default:
                break;
        }
    }

    private static JsonObject EnsureObject(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child)
        {
            return child;
        }

        child = [];
        parent[name] = child;
        return child;
    }

    private static JsonObject Labels(JsonObject obj) => EnsureObject(ObjectMeta.Of(obj), "labels");

    private static void DefaultService(JsonObject spec)
    {
        spec["type"] ??= "ClusterIP";
        if ((string?)spec["type"] != "ExternalName")
        {
            spec["sessionAffinity"] ??= "None";
            spec["internalTrafficPolicy"] ??= "Cluster";
        }

        if (spec["ports"] is JsonArray ports)
        {
            foreach (var port in ports.OfType<JsonObject>())
            {
                port["protocol"] ??= "TCP";
                if (port["targetPort"] is null && port["port"] is JsonValue value)
                {
                    port["targetPort"] = value.DeepClone();
                }
            }
        }
    }

    private static void DefaultTemplate(JsonObject spec)
    {
        if (spec["template"]?["spec"] is JsonObject podSpec)
        {
            DefaultPodSpec(podSpec);
        }
    }

    private static void DefaultPodSpec(JsonObject spec)
    {
        spec["restartPolicy"] ??= "Always";
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["securityContext"] ??= new JsonObject();
        foreach (var container in (spec["containers"] as JsonArray ?? []).Concat(spec["initContainers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var image = (string?)container["image"] ?? string.Empty;
            var lastSegment = image[(image.LastIndexOf('/') + 1)..];
            var latest = !lastSegment.Contains(':', StringComparison.Ordinal) || lastSegment.EndsWith(":latest", StringComparison.Ordinal);
            container["imagePullPolicy"] ??= latest && !image.Contains('@', StringComparison.Ordinal) ? "Always" : "IfNotPresent";
            container["terminationMessagePath"] ??= "/dev/termination-log";
            container["terminationMessagePolicy"] ??= "File";
            container["resources"] ??= new JsonObject();
            if (container["ports"] is JsonArray ports)
            {
                foreach (var port in ports.OfType<JsonObject>())
                {
                    port["protocol"] ??= "TCP";
                }
            }
        }
    }
}
