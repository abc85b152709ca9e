using System.Net.Http.Headers;
using System.Text;
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

    private const string Schema = """
        { "type": "object", "properties": { "spec": { "type": "object", "x-kubernetes-preserve-unknown-fields": true } } }
        """;

    /// <summary>Creates the CRD unless it exists, and waits until its resource is served.</summary>
    public static Task EnsureAsync(IKubeClient kube) => TestCrd.EnsureAsync(kube, Resource, "gadget", Schema, statusSubresource: false);

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
