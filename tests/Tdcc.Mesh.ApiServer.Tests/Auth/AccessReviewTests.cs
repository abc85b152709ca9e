using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Auth;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.ApiServer.Tests.Auth;

/// <summary>The review APIs and TokenRequest over HTTP, with auth on and off.</summary>
public sealed class AccessReviewTests
{
    private const string Admin = "admin-token-0123456789";

    private static KubeApiServerOptions Options(TimeProvider? time = null) =>
        new() { ClusterName = "reviews", Auth = new AuthOptions { AdminToken = Admin }, TimeProvider = time ?? TimeProvider.System };

    private static async Task<(int Code, JsonObject Body)> SendAsync(ApiServerHarness h, string? token, HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await h.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.TrimStart().StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : new JsonObject { ["text"] = text });
    }

    private static JsonObject Ssar(string verb, string resource, string ns, string subresource = "") => new()
    {
        ["apiVersion"] = "authorization.k8s.io/v1",
        ["kind"] = "SelfSubjectAccessReview",
        ["spec"] = new JsonObject { ["resourceAttributes"] = new JsonObject { ["verb"] = verb, ["resource"] = resource, ["namespace"] = ns, ["subresource"] = subresource } },
    };

    private static async Task<string> RequestTokenAsync(ApiServerHarness h, string ns, string name, long? seconds = null, string? audience = null)
    {
        var spec = new JsonObject();
        if (seconds is not null)
        {
            spec["expirationSeconds"] = seconds;
        }

        if (audience is not null)
        {
            spec["audiences"] = new JsonArray(audience);
        }

        var (code, body) = await SendAsync(h, Admin, HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts/{name}/token", new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = spec });
        code.Should().Be(201, body.ToJsonString());
        return (string)body["status"]!["token"]!;
    }

    private static async Task ServiceAccountAsync(ApiServerHarness h, string ns, string name)
    {
        (await SendAsync(h, Admin, HttpMethod.Post, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } })).Code.Should().BeOneOf(201, 409);
        (await SendAsync(h, Admin, HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } })).Code.Should().Be(201);
    }

    [Fact]
    public async Task Reviews_AuthOff_AlwaysAllowAndAnonymous()
    {
        await using var h = await ApiServerHarness.StartAsync();

        var (code, review) = await h.PostAsync("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", Ssar("delete", "pods", "default"));
        code.Should().Be(201);
        ((bool)review["status"]!["allowed"]!).Should().BeTrue();
        var (_, rules) = await h.PostAsync("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", new JsonObject { ["spec"] = new JsonObject { ["namespace"] = "default" } });
        ((string?)rules["status"]!["resourceRules"]![0]!["verbs"]![0]).Should().Be("*");
        var (_, whoami) = await h.PostAsync("/apis/authentication.k8s.io/v1/selfsubjectreviews", new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "SelfSubjectReview" });
        ((string?)whoami["status"]!["userInfo"]!["username"]).Should().Be("system:anonymous");
        (await h.GetAsync("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")).Code.Should().Be(405);
    }

    [Fact]
    public async Task Reviews_AuthOn_AnswerFromRbac()
    {
        await using var h = await ApiServerHarness.StartAsync(Options());
        await ServiceAccountAsync(h, "demo", "reader");
        var token = await RequestTokenAsync(h, "demo", "reader");
        (await SendAsync(h, Admin, HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/demo/roles", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "pod-reader" },
            ["rules"] = new JsonArray(new JsonObject { ["apiGroups"] = new JsonArray(string.Empty), ["resources"] = new JsonArray("pods", "pods/log"), ["verbs"] = new JsonArray("get", "list") }),
        })).Code.Should().Be(201);
        (await SendAsync(h, Admin, HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/demo/rolebindings", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "reader" },
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Role", ["name"] = "pod-reader" },
            ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "reader", ["namespace"] = "demo" }),
        })).Code.Should().Be(201);

        async Task<bool> Can(string? who, JsonObject review)
        {
            var (code, body) = await SendAsync(h, who, HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review);
            code.Should().Be(201, body.ToJsonString());
            return (bool)body["status"]!["allowed"]!;
        }

        (await Can(token, Ssar("list", "pods", "demo"))).Should().BeTrue();
        (await Can(token, Ssar("get", "pods", "demo", "log"))).Should().BeTrue();
        (await Can(token, Ssar("create", "pods", "demo"))).Should().BeFalse();
        (await Can(token, Ssar("list", "pods", "default"))).Should().BeFalse();
        (await Can(token, Ssar("*", "*", "demo"))).Should().BeFalse();
        (await Can(Admin, Ssar("*", "*", "demo"))).Should().BeTrue();

        var (_, whoami) = await SendAsync(h, token, HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews", new JsonObject { ["kind"] = "SelfSubjectReview" });
        ((string?)whoami["status"]!["userInfo"]!["username"]).Should().Be("system:serviceaccount:demo:reader");
        whoami["status"]!["userInfo"]!["groups"]!.AsArray().Select(g => (string?)g).Should().Equal("system:serviceaccounts", "system:serviceaccounts:demo", "system:authenticated");

        var (_, rules) = await SendAsync(h, token, HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", new JsonObject { ["spec"] = new JsonObject { ["namespace"] = "demo" } });
        rules["status"]!["resourceRules"]!.AsArray().Should().Contain(r => r!["resources"]!.AsArray().Any(x => (string?)x == "pods/log"));
        rules["status"]!["resourceRules"]!.AsArray().Should().Contain(r => r!["resources"]!.AsArray().Any(x => (string?)x == "selfsubjectaccessreviews"));

        // SubjectAccessReview asks for someone else; only who may create them (the admin) gets an answer.
        var sar = new JsonObject
        {
            ["spec"] = new JsonObject { ["user"] = "system:serviceaccount:demo:reader", ["groups"] = new JsonArray("system:authenticated"), ["resourceAttributes"] = new JsonObject { ["verb"] = "list", ["resource"] = "pods", ["namespace"] = "demo" } },
        };
        (await SendAsync(h, token, HttpMethod.Post, "/apis/authorization.k8s.io/v1/subjectaccessreviews", sar)).Code.Should().Be(403);
        var (sarCode, sarBody) = await SendAsync(h, Admin, HttpMethod.Post, "/apis/authorization.k8s.io/v1/subjectaccessreviews", sar);
        sarCode.Should().Be(201);
        ((bool)sarBody["status"]!["allowed"]!).Should().BeTrue();
        var (localCode, local) = await SendAsync(h, Admin, HttpMethod.Post, "/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews", sar);
        localCode.Should().Be(400);
        ((string?)local["message"]).Should().Be("spec.resourceAttributes.namespace must match namespace: default");

        var (reviewCode, review) = await SendAsync(h, Admin, HttpMethod.Post, "/apis/authentication.k8s.io/v1/tokenreviews", new JsonObject { ["spec"] = new JsonObject { ["token"] = token } });
        reviewCode.Should().Be(201);
        ((bool)review["status"]!["authenticated"]!).Should().BeTrue();
        ((string?)review["status"]!["user"]!["username"]).Should().Be("system:serviceaccount:demo:reader");
        var (_, bad) = await SendAsync(h, Admin, HttpMethod.Post, "/apis/authentication.k8s.io/v1/tokenreviews", new JsonObject { ["spec"] = new JsonObject { ["token"] = token + "x" } });
        bad["status"]!["authenticated"].Should().BeNull();
    }

    [Fact]
    public async Task TokenRequest_Token_AuthenticatesUntilExpiryOrAccountDeleted()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        await using var h = await ApiServerHarness.StartAsync(Options(time));
        await ServiceAccountAsync(h, "demo", "robot");

        var (tooShort, invalid) = await SendAsync(h, Admin, HttpMethod.Post, "/api/v1/namespaces/demo/serviceaccounts/robot/token", new JsonObject { ["spec"] = new JsonObject { ["expirationSeconds"] = 60 } });
        tooShort.Should().Be(422);
        ((string?)invalid["message"]).Should().Contain("spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes");
        (await SendAsync(h, Admin, HttpMethod.Post, "/api/v1/namespaces/demo/serviceaccounts/nobody/token", new JsonObject { ["spec"] = new JsonObject() })).Code.Should().Be(404);

        var (code, response) = await SendAsync(h, Admin, HttpMethod.Post, "/api/v1/namespaces/demo/serviceaccounts/robot/token", new JsonObject { ["spec"] = new JsonObject { ["expirationSeconds"] = 600 } });
        code.Should().Be(201);
        ((string?)response["status"]!["expirationTimestamp"]).Should().Be("2026-01-01T00:10:00Z");
        var token = (string)response["status"]!["token"]!;
        var foreign = await RequestTokenAsync(h, "demo", "robot", audience: "vault");
        var lasting = await RequestTokenAsync(h, "demo", "robot");

        (await SendAsync(h, token, HttpMethod.Get, "/api/v1/namespaces/demo/pods")).Code.Should().Be(403, "authenticated, but RBAC grants nothing");
        (await SendAsync(h, foreign, HttpMethod.Get, "/api/v1/namespaces/demo/pods")).Code.Should().Be(401, "a token for another audience");
        time.Advance(TimeSpan.FromMinutes(11));
        (await SendAsync(h, token, HttpMethod.Get, "/api/v1/namespaces/demo/pods")).Code.Should().Be(401, "expired");
        (await SendAsync(h, lasting, HttpMethod.Get, "/api/v1/namespaces/demo/pods")).Code.Should().Be(403);

        (await SendAsync(h, Admin, HttpMethod.Delete, "/api/v1/namespaces/demo/serviceaccounts/robot")).Code.Should().Be(200);
        (await SendAsync(h, lasting, HttpMethod.Get, "/api/v1/namespaces/demo/pods")).Code.Should().Be(401, "its service account is gone");
        await ServiceAccountAsync(h, "demo", "robot");
        (await SendAsync(h, lasting, HttpMethod.Get, "/api/v1/namespaces/demo/pods")).Code.Should().Be(401, "a new account of the same name has another uid");
    }
}
