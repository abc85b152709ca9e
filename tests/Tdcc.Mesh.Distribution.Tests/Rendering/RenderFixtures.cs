using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Json;

namespace Tdcc.Mesh.Distribution.Tests.Rendering;

/// <summary>A Deployment as the hub stores it, and overrides parsed from the JSON a user writes.</summary>
internal static class RenderFixtures
{
    public static JsonObject HubDeployment() => JsonNode.Parse("""
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "web", "namespace": "shop", "uid": "u-1", "resourceVersion": "42", "generation": 3,
                      "creationTimestamp": "2026-12-07T03:00:00Z", "labels": {"app": "web"},
                      "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}", "team": "a"},
                      "managedFields": [{"manager": "kubectl"}]},
         "spec": {"replicas": 6, "selector": {"matchLabels": {"app": "web"}},
                  "template": {"metadata": {"labels": {"app": "web"}},
                               "spec": {"initContainers": [{"name": "init", "image": "busybox:1.36"}],
                                        "containers": [{"name": "web", "image": "registry.example.com/shop/web:1.0", "args": ["--port=80"],
                                                        "env": [{"name": "MODE", "value": "hub"}],
                                                        "resources": {"requests": {"cpu": "250m", "memory": "128Mi"}}},
                                                       {"name": "sidecar", "image": "proxy@sha256:abc"}]}}},
         "status": {"readyReplicas": 6}}
        """)!.AsObject();

    public static OverrideRule Rule(string json) => JsonSerializer.Deserialize(json, DistributionJsonContext.Default.OverrideSpec)!.Overrides!.Value.Single();

    public static OverrideSpec Spec(string json) => JsonSerializer.Deserialize(json, DistributionJsonContext.Default.OverrideSpec)!;

    public static string? At(JsonNode node, string path)
    {
        JsonNode? current = node;
        foreach (var part in path.Split('.'))
        {
            current = int.TryParse(part, out var i) ? current?[i] : current?[part];
        }

        return current?.ToJsonString().Trim('"');
    }
}
