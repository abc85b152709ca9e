using System.Text.Json;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Client;

/// <summary>Installs a one-version namespaced CRD for a test resource and waits until the server serves it.</summary>
internal static class TestCrd
{
    /// <summary>Creates the CRD of <paramref name="resource"/> (schema <paramref name="schemaJson"/>) unless it exists, then waits until its resource lists.</summary>
    public static async Task EnsureAsync(IKubeClient kube, ResourceType resource, string singular, string schemaJson, bool statusSubresource)
    {
        ArgumentNullException.ThrowIfNull(kube);
        ArgumentNullException.ThrowIfNull(resource);
        var crds = kube.Resource<CustomResourceDefinition>();
        var name = $"{resource.Plural}.{resource.Group}";
        if (await crds.GetAsync(null, name) is null)
        {
            using var schema = JsonDocument.Parse(schemaJson);
            using var empty = JsonDocument.Parse("{}");
            await crds.CreateAsync(new CustomResourceDefinition
            {
                Metadata = new ObjectMeta { Name = name },
                Spec = new CustomResourceDefinitionSpec
                {
                    Group = resource.Group,
                    Scope = "Namespaced",
                    Names = new CustomResourceDefinitionNames { Plural = resource.Plural, Singular = singular, Kind = resource.Kind, ListKind = resource.Kind + "List" },
                    Versions =
                    [
                        new CustomResourceDefinitionVersion
                        {
                            Name = resource.Version,
                            Served = true,
                            Storage = true,
                            Schema = new CustomResourceValidation { OpenAPIV3Schema = schema.RootElement.Clone() },
                            Subresources = statusSubresource ? new CustomResourceSubresources { Status = empty.RootElement.Clone() } : null,
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
                    await kube.Resource(resource).ListAsync(new ListOptions { Limit = 1 });
                    return true;
                }
                catch (KubeApiException ex) when (ex.IsNotFound)
                {
                    return false;
                }
            },
            $"the {resource.Kind} resource is served");
    }
}
