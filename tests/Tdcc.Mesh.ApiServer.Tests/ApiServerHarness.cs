using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests;

/// <summary>A started server plus an HttpClient with JSON helpers; one per test.</summary>
public sealed class ApiServerHarness : IAsyncDisposable
{
    private ApiServerHarness(KubeApiServer server)
    {
        Server = server;
        Client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public KubeApiServer Server { get; }

    public HttpClient Client { get; }

    public static async Task<ApiServerHarness> StartAsync(KubeApiServerOptions? options = null) =>
        new(await KubeApiServer.StartAsync(options ?? new KubeApiServerOptions { ClusterName = "test" }));

    public async Task<(int Code, JsonObject Body)> SendAsync(HttpMethod method, string path, object? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var text = body is string s ? s : ((JsonNode)body).ToJsonString();
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await Client.SendAsync(request);
        var payload = await response.Content.ReadAsStringAsync();
        var node = payload.Length > 0 && payload.TrimStart().StartsWith('{') ? JsonNode.Parse(payload)!.AsObject() : new JsonObject { ["text"] = payload };
        return ((int)response.StatusCode, node);
    }

    public Task<(int Code, JsonObject Body)> GetAsync(string path, string? accept = null) => SendAsync(HttpMethod.Get, path, accept: accept);

    public Task<(int Code, JsonObject Body)> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body);

    public Task<(int Code, JsonObject Body)> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body);

    public Task<(int Code, JsonObject Body)> PatchAsync(string path, object body, string contentType = "application/merge-patch+json") => SendAsync(HttpMethod.Patch, path, body, contentType);

    public Task<(int Code, JsonObject Body)> DeleteAsync(string path, JsonNode? body = null) => SendAsync(HttpMethod.Delete, path, body);

    public static JsonObject ConfigMap(string name, string? ns = null, Dictionary<string, string>? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        if (labels is not null)
        {
            metadata["labels"] = new JsonObject(labels.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata, ["data"] = new JsonObject { ["k"] = "v" } };
    }

    public static JsonObject Deployment(string name, int replicas = 1, JsonArray? ownerReferences = null, JsonArray? finalizers = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ownerReferences is not null)
        {
            metadata["ownerReferences"] = ownerReferences;
        }

        if (finalizers is not null)
        {
            metadata["finalizers"] = finalizers;
        }

        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "nginx" }) },
                },
            },
        };
    }

    public static JsonArray OwnerRef(string apiVersion, string kind, JsonObject owner, bool block = false) =>
        new(new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["name"] = (string?)owner["metadata"]!["name"],
            ["uid"] = (string?)owner["metadata"]!["uid"],
            ["blockOwnerDeletion"] = block,
        });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
