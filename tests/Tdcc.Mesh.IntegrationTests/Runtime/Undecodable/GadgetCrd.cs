using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tdcc.Mesh.IntegrationTests.Client;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.IntegrationTests.Runtime.Undecodable;

/// <summary>
/// A CRD whose schema preserves any spec, so the server stores <c>"replicas": "three"</c> (valid for the CRD) that the
/// typed <see cref="Gadget"/> cannot decode. Server-side validation of built-in kinds does not change that.
/// </summary>
public static class GadgetCrd
{
    public const string Group = "loose.tdcc.io";

    public static ResourceType Resource { get; } = new(Group, "v1", "Gadget", "gadgets", Namespaced: true);

    /// <summary>Creates the CRD unless it exists, and waits until its resource is served.</summary>
    public static async Task EnsureAsync(IKubeClient kube)
    {
        ArgumentNullException.ThrowIfNull(kube);
        var crds = kube.Resource<CustomResourceDefinition>();
        if (await crds.GetAsync(null, $"gadgets.{Group}") is null)
        {
            using var schema = JsonDocument.Parse("""
                { "type": "object", "properties": { "spec": { "type": "object", "x-kubernetes-preserve-unknown-fields": true } } }
                """);
            await crds.CreateAsync(new CustomResourceDefinition
            {
                Metadata = new ObjectMeta { Name = $"gadgets.{Group}" },
                Spec = new CustomResourceDefinitionSpec
                {
                    Group = Group,
                    Scope = "Namespaced",
                    Names = new CustomResourceDefinitionNames { Plural = "gadgets", Singular = "gadget", Kind = "Gadget", ListKind = "GadgetList" },
                    Versions =
                    [
                        new CustomResourceDefinitionVersion
                        {
                            Name = "v1",
                            Served = true,
                            Storage = true,
                            Schema = new CustomResourceValidation { OpenAPIV3Schema = schema.RootElement.Clone() },
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
            "the Gadget resource is served");
    }

    /// <summary>Creates a gadget from raw JSON whose replicas is <paramref name="replicasJson"/> (any JSON value).</summary>
    public static Task CreateRawAsync(Uri server, string ns, string name, string replicasJson) =>
        SendAsync(
            HttpMethod.Post,
            new Uri(server, $"/apis/{Group}/v1/namespaces/{ns}/gadgets"),
            $$$"""{"apiVersion":"{{{Group}}}/v1","kind":"Gadget","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},"spec":{"replicas":{{{replicasJson}}}}}""",
            "application/json");

    /// <summary>Sets a gadget's replicas to <paramref name="replicasJson"/> (any JSON value) with a merge patch.</summary>
    public static Task PatchReplicasAsync(Uri server, string ns, string name, string replicasJson) =>
        SendAsync(
            HttpMethod.Patch,
            new Uri(server, $"/apis/{Group}/v1/namespaces/{ns}/gadgets/{name}"),
            $$$"""{"spec":{"replicas":{{{replicasJson}}}}}""",
            "application/merge-patch+json");

    private static async Task SendAsync(HttpMethod method, Uri uri, string body, string contentType)
    {
        using var http = new HttpClient();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        using var response = await http.SendAsync(request);
        response.IsSuccessStatusCode.Should().BeTrue($"{method} {uri} is accepted: {await response.Content.ReadAsStringAsync()}");
    }
}
