using System.Text.Json;
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
    public static async Task EnsureAsync(IKubeClient kube)
    {
        ArgumentNullException.ThrowIfNull(kube);
        var crds = kube.Resource<CustomResourceDefinition>();
        if (await crds.GetAsync(null, $"widgets.{Group}") is null)
        {
            using var schema = JsonDocument.Parse(Schema);
            using var empty = JsonDocument.Parse("{}");
            await crds.CreateAsync(new CustomResourceDefinition
            {
                Metadata = new ObjectMeta { Name = $"widgets.{Group}" },
                Spec = new CustomResourceDefinitionSpec
                {
                    Group = Group,
                    Scope = "Namespaced",
                    Names = new CustomResourceDefinitionNames { Plural = "widgets", Singular = "widget", Kind = "Widget", ListKind = "WidgetList" },
                    Versions =
                    [
                        new CustomResourceDefinitionVersion
                        {
                            Name = "v1",
                            Served = true,
                            Storage = true,
                            Schema = new CustomResourceValidation { OpenAPIV3Schema = schema.RootElement.Clone() },
                            Subresources = new CustomResourceSubresources { Status = empty.RootElement.Clone() },
                        },
                    ],
                },
            });
        }

        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    await kube.Resource(Resource).ListAsync(new ListOptions { Limit = 1 });
                    return true;
                }
                catch (KubeApiException ex) when (ex.IsNotFound)
                {
                    return false;
                }
            },
            "the Widget resource is served");
    }
}
