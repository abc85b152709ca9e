using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.IntegrationTests.Client;

/// <summary>A namespaced CRD with a structural schema and a status subresource, for the custom-resource suites.</summary>
public static class WidgetCrd
{
    public const string Group = "widgets.tdcc.io";

    public static ResourceType Resource { get; } = new(Group, "v1", "Widget", "widgets", Namespaced: true);

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "spec": {
              "type": "object",
              "required": ["size"],
              "properties": {
                "size": { "type": "integer", "minimum": 1 },
                "color": { "type": "string", "enum": ["red", "blue"] },
                "payload": { "type": "object", "x-kubernetes-preserve-unknown-fields": true }
              }
            },
            "status": {
              "type": "object",
              "properties": {
                "phase": { "type": "string" },
                "observedSize": { "type": "integer" },
                "conditions": { "type": "array", "items": { "type": "object", "x-kubernetes-preserve-unknown-fields": true } }
              }
            }
          }
        }
        """;

    /// <summary>Creates the CRD unless it exists, and waits until its resource is served.</summary>
    public static Task EnsureAsync(IKubeClient kube) => TestCrd.EnsureAsync(kube, Resource, "widget", Schema, statusSubresource: true);
}
