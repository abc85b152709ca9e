using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests.Objects.Validation;

/// <summary>One valid object of every built-in kind the server serves, with the collection path it is created at.</summary>
public static class BuiltInSamples
{
    public const string Namespace = "rt";

    public static IReadOnlyList<(string Path, string Json)> All { get; } =
    [
        ("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"sample-ns","labels":{"team":"a"}}}"""),
        ("/api/v1/namespaces/rt/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","annotations":{"example.com/note":"x"}},"data":{"a.txt":"1","B_KEY":"two"},"binaryData":{"bin":"AAEC"}}"""),
        ("/api/v1/namespaces/rt/secrets", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"type":"Opaque","data":{"password":"c2VjcmV0"},"stringData":{"user":"admin"}}"""),
        ("/api/v1/namespaces/rt/serviceaccounts", """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"robot"},"automountServiceAccountToken":false}"""),
        ("/api/v1/namespaces/rt/services", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":"http"},{"name":"grpc","port":9090,"targetPort":9090,"protocol":"TCP","appProtocol":"grpc"}],"sessionAffinity":"ClientIP","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":300}}}}"""),
        ("/api/v1/namespaces/rt/endpoints", """{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"web"},"subsets":[{"addresses":[{"ip":"10.0.0.1","targetRef":{"kind":"Pod","name":"p"}}],"ports":[{"name":"http","port":8080,"protocol":"TCP"}]}]}"""),
        ("/api/v1/namespaces/rt/events", """{"apiVersion":"v1","kind":"Event","metadata":{"name":"ev"},"involvedObject":{"kind":"Pod","name":"p","namespace":"rt"},"reason":"Started","message":"ok","type":"Normal","count":1,"firstTimestamp":"2024-01-01T00:00:00Z","eventTime":"2024-01-01T00:00:00.000000Z"}"""),
        ("/api/v1/nodes", """{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1"},"spec":{"podCIDR":"10.244.0.0/24","taints":[{"key":"k","effect":"NoSchedule"}]},"status":{"capacity":{"cpu":"4","memory":"8Gi","pods":110},"addresses":[{"type":"InternalIP","address":"10.0.0.5"}]}}"""),
        ("/api/v1/namespaces/rt/pods", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"app":"web"}},"spec":{"volumes":[{"name":"data","emptyDir":{"sizeLimit":"1Gi"}}],"containers":[{"name":"app","image":"nginx:1.27","ports":[{"name":"http","containerPort":8080}],"env":[{"name":"MODE","value":"x"}],"resources":{"requests":{"cpu":"100m","memory":128974848},"limits":{"cpu":1}},"volumeMounts":[{"name":"data","mountPath":"/data"}],"readinessProbe":{"httpGet":{"path":"/","port":"http"},"periodSeconds":5}}]}}"""),
        ("/apis/discovery.k8s.io/v1/namespaces/rt/endpointslices", """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"web-abc","labels":{"kubernetes.io/service-name":"web"}},"addressType":"IPv4","endpoints":[{"addresses":["10.0.0.1"],"conditions":{"ready":true},"zone":"z1"}],"ports":[{"name":"http","port":8080,"protocol":"TCP"}]}"""),
        ("/apis/apps/v1/namespaces/rt/deployments", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":"25%"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"nginx"}]}}}}"""),
        ("/apis/apps/v1/namespaces/rt/replicasets", """{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-1"},"spec":{"replicas":1,"selector":{"matchExpressions":[{"key":"app","operator":"In","values":["web"]}]},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"nginx"}]}}}}"""),
        ("/apis/apps/v1/namespaces/rt/statefulsets", """{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db"},"spec":{"serviceName":"db","replicas":1,"podManagementPolicy":"Parallel","selector":{"matchLabels":{"app":"db"}},"template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"db","image":"postgres"}]}}}}"""),
        ("/apis/apps/v1/namespaces/rt/daemonsets", """{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent"},"spec":{"selector":{"matchLabels":{"app":"agent"}},"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1}},"template":{"metadata":{"labels":{"app":"agent"}},"spec":{"containers":[{"name":"agent","image":"busybox"}]}}}}"""),
        ("/apis/batch/v1/namespaces/rt/jobs", """{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"once"},"spec":{"completions":2,"parallelism":1,"backoffLimit":3,"activeDeadlineSeconds":600,"ttlSecondsAfterFinished":60,"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"work","image":"busybox","args":["--exit-code=0"]}]}}}}"""),
        ("/apis/batch/v1/namespaces/rt/cronjobs", """{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"nightly"},"spec":{"schedule":"30 2 * * MON-FRI","timeZone":"Etc/UTC","concurrencyPolicy":"Forbid","startingDeadlineSeconds":120,"successfulJobsHistoryLimit":2,"jobTemplate":{"metadata":{"labels":{"app":"nightly"}},"spec":{"backoffLimit":1,"template":{"spec":{"restartPolicy":"OnFailure","containers":[{"name":"work","image":"busybox"}]}}}}}}"""),
        ("/apis/coordination.k8s.io/v1/namespaces/rt/leases", """{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"leader"},"spec":{"holderIdentity":"a","leaseDurationSeconds":15,"renewTime":"2024-01-01T00:00:00.000000Z","leaseTransitions":0}}"""),
        ("/apis/networking.k8s.io/v1/namespaces/rt/networkpolicies", """{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"np"},"spec":{"podSelector":{"matchLabels":{"app":"web"}},"policyTypes":["Ingress"],"ingress":[{"from":[{"namespaceSelector":{}}],"ports":[{"protocol":"TCP","port":80}]}]}}"""),
        ("/apis/networking.k8s.io/v1/namespaces/rt/ingresses", """{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"ing"},"spec":{"rules":[{"host":"example.com","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}}"""),
        ("/apis/policy/v1/namespaces/rt/poddisruptionbudgets", """{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"web"},"spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}},"unhealthyPodEvictionPolicy":"AlwaysAllow"}}"""),
        ("/apis/rbac.authorization.k8s.io/v1/namespaces/rt/roles", """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"reader"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}]}"""),
        ("/apis/rbac.authorization.k8s.io/v1/namespaces/rt/rolebindings", """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"reader"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"reader"},"subjects":[{"kind":"ServiceAccount","name":"robot","namespace":"rt"}]}"""),
        ("/apis/rbac.authorization.k8s.io/v1/clusterroles", """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"sample-viewer"},"rules":[{"nonResourceURLs":["/healthz"],"verbs":["get"]}]}"""),
        ("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"sample-viewer"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"sample-viewer"},"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"alice"}]}"""),
    ];

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>Creates the namespace the namespaced samples live in.</summary>
    public static async Task CreateNamespaceAsync(ApiServerHarness h)
    {
        var (code, body) = await h.PostAsync("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = Namespace } });
        code.Should().Be(201, body.ToJsonString());
    }
}
