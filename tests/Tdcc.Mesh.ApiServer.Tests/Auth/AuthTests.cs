using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Auth;

namespace Tdcc.Mesh.ApiServer.Tests.Auth;

public sealed class AuthTests
{
    private const string Admin = "admin-token-0123456789";

    private static KubeApiServerOptions Options(TimeProvider? time = null) =>
        new() { ClusterName = "auth", Auth = new AuthOptions { AdminToken = Admin }, TimeProvider = time ?? TimeProvider.System };

    private static async Task<(int Code, JsonObject Body)> SendAsync(ApiServerHarness h, string? token, HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await h.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.TrimStart().StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : new JsonObject { ["text"] = text });
    }

    private static Task<(int Code, JsonObject Body)> GetAsync(ApiServerHarness h, string? token, string path) => SendAsync(h, token, HttpMethod.Get, path);

    private static async Task<string> ServiceAccountTokenAsync(ApiServerHarness h, string ns, string name)
    {
        (await SendAsync(h, Admin, HttpMethod.Post, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } })).Code.Should().BeOneOf(201, 409);
        (await SendAsync(h, Admin, HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } })).Code.Should().BeOneOf(201, 409);
        var (code, secret) = await SendAsync(h, Admin, HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name + "-token", ["annotations"] = new JsonObject { ["kubernetes.io/service-account.name"] = name } },
            ["type"] = "kubernetes.io/service-account-token",
        });
        code.Should().Be(201);
        return Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["token"]!));
    }

    private static JsonObject Role(string kind, string name, string? ns, params JsonObject[] rules)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        return new JsonObject { ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = kind, ["metadata"] = metadata, ["rules"] = new JsonArray(rules) };
    }

    private static JsonObject Rule(string[] groups, string[] resources, string[] verbs, string[]? names = null)
    {
        var rule = new JsonObject
        {
            ["apiGroups"] = new JsonArray(groups.Select(g => (JsonNode?)g).ToArray()),
            ["resources"] = new JsonArray(resources.Select(g => (JsonNode?)g).ToArray()),
            ["verbs"] = new JsonArray(verbs.Select(g => (JsonNode?)g).ToArray()),
        };
        if (names is not null)
        {
            rule["resourceNames"] = new JsonArray(names.Select(g => (JsonNode?)g).ToArray());
        }

        return rule;
    }

    private static JsonObject Binding(string kind, string name, string? ns, string roleKind, string role, JsonObject subject)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        return new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1",
            ["kind"] = kind,
            ["metadata"] = metadata,
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = roleKind, ["name"] = role },
            ["subjects"] = new JsonArray(subject),
        };
    }

    [Fact]
    public async Task Handle_AuthOff_ServesWithoutToken()
    {
        await using var h = await ApiServerHarness.StartAsync();
        (await GetAsync(h, null, "/api/v1/namespaces/default/configmaps")).Code.Should().Be(200);
    }

    [Fact]
    public async Task Handle_MissingOrBadToken_Returns401Status()
    {
        await using var h = await ApiServerHarness.StartAsync(Options());
        var (code, body) = await GetAsync(h, null, "/api/v1/namespaces/default/configmaps");
        code.Should().Be(401);
        body["kind"]!.GetValue<string>().Should().Be("Status");
        body["reason"]!.GetValue<string>().Should().Be("Unauthorized");
        body["message"]!.GetValue<string>().Should().Be("Unauthorized");
        (await GetAsync(h, "not-a-token", "/api")).Code.Should().Be(401);
        (await GetAsync(h, "a.b.c", "/api")).Code.Should().Be(401);
        (await GetAsync(h, null, "/healthz")).Code.Should().Be(200);
        (await GetAsync(h, null, "/version")).Code.Should().Be(200);
    }

    [Fact]
    public async Task Handle_AnonymousAuth_NoTokenIsAnonymousUnderRbac()
    {
        await using var h = await ApiServerHarness.StartAsync(Options() with { Auth = new AuthOptions { AdminToken = Admin, AnonymousAuth = true } });
        var (code, body) = await GetAsync(h, null, "/api/v1/namespaces/default/configmaps");
        code.Should().Be(403);
        body["message"]!.GetValue<string>().Should().Be("configmaps is forbidden: User \"system:anonymous\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"default\"");
        (await GetAsync(h, null, "/api")).Code.Should().Be(403);
        (await GetAsync(h, "bad-token", "/api")).Code.Should().Be(401);
        (await SendAsync(h, Admin, HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterroles", Role("ClusterRole", "anon", null, Rule([""], ["configmaps"], ["list"])))).Code.Should().Be(201);
        (await SendAsync(h, Admin, HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", Binding("ClusterRoleBinding", "anon", null, "ClusterRole", "anon", new JsonObject { ["kind"] = "Group", ["name"] = "system:unauthenticated" }))).Code.Should().Be(201);
        (await GetAsync(h, null, "/api/v1/namespaces/default/configmaps")).Code.Should().Be(200);
    }

    [Fact]
    public async Task Handle_AdminToken_MayDoAnything()
    {
        await using var h = await ApiServerHarness.StartAsync(Options());
        (await GetAsync(h, Admin, "/api/v1/namespaces/default/configmaps")).Code.Should().Be(200);
        (await SendAsync(h, Admin, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", ApiServerHarness.ConfigMap("c"))).Code.Should().Be(201);
        (await GetAsync(h, Admin, "/apis/rbac.authorization.k8s.io/v1/clusterroles/cluster-admin")).Code.Should().Be(200);
    }

    [Fact]
    public async Task Handle_ServiceAccountWithoutRole_Returns403WithKubeMessage()
    {
        await using var h = await ApiServerHarness.StartAsync(Options());
        var token = await ServiceAccountTokenAsync(h, "ns", "sa");
        (await SendAsync(h, Admin, HttpMethod.Post, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "x" } })).Code.Should().Be(201);

        var (code, body) = await GetAsync(h, token, "/api/v1/namespaces/x/configmaps");
        code.Should().Be(403);
        body["reason"]!.GetValue<string>().Should().Be("Forbidden");
        body["message"]!.GetValue<string>().Should().Be("configmaps is forbidden: User \"system:serviceaccount:ns:sa\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"x\"");
        body["details"]!["kind"]!.GetValue<string>().Should().Be("configmaps");

        var named = await GetAsync(h, token, "/apis/apps/v1/namespaces/x/deployments/web");
        named.Body["message"]!.GetValue<string>().Should().Be("deployments.apps \"web\" is forbidden: User \"system:serviceaccount:ns:sa\" cannot get resource \"deployments\" in API group \"apps\" in the namespace \"x\"");
        var cluster = await GetAsync(h, token, "/api/v1/nodes");
        cluster.Body["message"]!.GetValue<string>().Should().EndWith("cannot list resource \"nodes\" in API group \"\" at the cluster scope");
        var path = await GetAsync(h, token, "/metrics");
        path.Code.Should().Be(403);
        path.Body["message"]!.GetValue<string>().Should().Be("forbidden: User \"system:serviceaccount:ns:sa\" cannot get path \"/metrics\"");
    }

    [Fact]
    public async Task Handle_AuthenticatedUser_MayReadDiscovery()
    {
        await using var h = await ApiServerHarness.StartAsync(Options());
        var token = await ServiceAccountTokenAsync(h, "ns", "sa");
        foreach (var path in new[] { "/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1", "/version", "/openapi/v3" })
        {
            (await GetAsync(h, token, path)).Code.Should().Be(200, path);
        }

        var groups = await GetAsync(h, token, "/apis");
        groups.Body["groups"]!.AsArray().Select(g => (string)g!["name"]!).Should().Contain("rbac.authorization.k8s.io");
    }

    [Fact]
    public async Task Handle_RoleBinding_GrantsOnlyItsNamespaceAndVerbs()
    {
        await using var h = await ApiServerHarness.StartAsync(Options());
        var token = await ServiceAccountTokenAsync(h, "ns", "sa");
        (await SendAsync(h, Admin, HttpMethod.Post, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "other" } })).Code.Should().Be(201);
        (await SendAsync(h, Admin, HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/ns/roles", Role("Role", "cm", "ns", Rule([""], ["configmaps"], ["get", "list", "watch", "create"])))).Code.Should().Be(201);
        (await SendAsync(h, Admin, HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/ns/rolebindings", Binding("RoleBinding", "cm", "ns", "Role", "cm", new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "sa" }))).Code.Should().Be(201);

        (await GetAsync(h, token, "/api/v1/namespaces/ns/configmaps")).Code.Should().Be(200);
        (await GetAsync(h, token, "/api/v1/namespaces/ns/configmaps?watch=true&timeoutSeconds=1")).Code.Should().Be(200);
        (await SendAsync(h, token, HttpMethod.Post, "/api/v1/namespaces/ns/configmaps", ApiServerHarness.ConfigMap("mine"))).Code.Should().Be(201);
        (await SendAsync(h, token, HttpMethod.Delete, "/api/v1/namespaces/ns/configmaps/mine")).Code.Should().Be(403);
        (await GetAsync(h, token, "/api/v1/namespaces/other/configmaps")).Code.Should().Be(403);
        (await GetAsync(h, token, "/api/v1/namespaces/ns/secrets")).Code.Should().Be(403);
    }

    [Fact]
    public async Task Handle_ClusterRoleRules_MatchWildcardsSubresourcesAndNames()
    {
        await using var h = await ApiServerHarness.StartAsync(Options());
        var token = await ServiceAccountTokenAsync(h, "ns", "sa");
        (await SendAsync(h, Admin, HttpMethod.Post, "/api/v1/namespaces/ns/configmaps", ApiServerHarness.ConfigMap("a"))).Code.Should().Be(201);
        (await SendAsync(h, Admin, HttpMethod.Post, "/api/v1/namespaces/ns/configmaps", ApiServerHarness.ConfigMap("b"))).Code.Should().Be(201);
        (await SendAsync(h, Admin, HttpMethod.Post, "/apis/apps/v1/namespaces/ns/deployments", ApiServerHarness.Deployment("web"))).Code.Should().Be(201);
        var role = Role(
            "ClusterRole",
            "mixed",
            null,
            Rule([""], ["configmaps"], ["get"], ["a"]),
            Rule(["*"], ["*/status"], ["get", "patch"]),
            Rule(["apps"], ["*"], ["list"]));
        (await SendAsync(h, Admin, HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterroles", role)).Code.Should().Be(201);
        (await SendAsync(h, Admin, HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", Binding("ClusterRoleBinding", "mixed", null, "ClusterRole", "mixed", new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "sa", ["namespace"] = "ns" }))).Code.Should().Be(201);

        (await GetAsync(h, token, "/api/v1/namespaces/ns/configmaps/a")).Code.Should().Be(200);
        (await GetAsync(h, token, "/api/v1/namespaces/ns/configmaps/b")).Code.Should().Be(403);
        (await GetAsync(h, token, "/api/v1/namespaces/ns/configmaps")).Code.Should().Be(403);
        (await GetAsync(h, token, "/apis/apps/v1/namespaces/ns/deployments/web/status")).Code.Should().Be(200);
        (await GetAsync(h, token, "/apis/apps/v1/namespaces/ns/deployments/web")).Code.Should().Be(403);
        (await GetAsync(h, token, "/apis/apps/v1/deployments")).Code.Should().Be(200);
        var forbidden = await SendAsync(h, token, HttpMethod.Put, "/apis/apps/v1/namespaces/ns/deployments/web/status", ApiServerHarness.Deployment("web"));
        forbidden.Body["message"]!.GetValue<string>().Should().Contain("cannot update resource \"deployments/status\" in API group \"apps\"");
    }

    [Fact]
    public async Task Handle_GroupBinding_AppliesToMembers()
    {
        await using var h = await ApiServerHarness.StartAsync(Options());
        var token = await ServiceAccountTokenAsync(h, "ns", "sa");
        (await SendAsync(h, Admin, HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterroles", Role("ClusterRole", "ns-reader", null, Rule([""], ["namespaces"], ["get", "list"])))).Code.Should().Be(201);
        (await SendAsync(h, Admin, HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", Binding("ClusterRoleBinding", "ns-reader", null, "ClusterRole", "ns-reader", new JsonObject { ["kind"] = "Group", ["name"] = "system:serviceaccounts:ns" }))).Code.Should().Be(201);
        (await GetAsync(h, token, "/api/v1/namespaces")).Code.Should().Be(200);
        (await GetAsync(h, token, "/api/v1/namespaces/default")).Code.Should().Be(200);
    }

    [Fact]
    public async Task Handle_DeletedServiceAccountToken_Returns401()
    {
        await using var h = await ApiServerHarness.StartAsync(Options());
        var token = await ServiceAccountTokenAsync(h, "ns", "sa");
        (await GetAsync(h, token, "/api")).Code.Should().Be(200);
        (await SendAsync(h, Admin, HttpMethod.Delete, "/api/v1/namespaces/ns/serviceaccounts/sa")).Code.Should().Be(200);
        (await GetAsync(h, token, "/api")).Code.Should().Be(401);
    }

    [Fact]
    public async Task Handle_BootstrapToken_AuthenticatesUntilExpired()
    {
        var time = new Tdcc.Mesh.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        await using var h = await ApiServerHarness.StartAsync(Options(time));
        static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));
        JsonObject Token(string id, string secret, string usage, string? expiration)
        {
            var data = new JsonObject { ["token-id"] = B64(id), ["token-secret"] = B64(secret), ["usage-bootstrap-authentication"] = B64(usage) };
            if (expiration is not null)
            {
                data["expiration"] = B64(expiration);
            }

            return new JsonObject { ["metadata"] = new JsonObject { ["name"] = "bootstrap-token-" + id }, ["type"] = "bootstrap.kubernetes.io/token", ["data"] = data };
        }

        (await SendAsync(h, Admin, HttpMethod.Post, "/api/v1/namespaces/kube-system/secrets", Token("abcdef", "0123456789abcdef", "true", "2026-01-01T01:00:00Z"))).Code.Should().Be(201);
        (await SendAsync(h, Admin, HttpMethod.Post, "/api/v1/namespaces/kube-system/secrets", Token("ghijkl", "0123456789abcdef", "false", null))).Code.Should().Be(201);
        (await SendAsync(h, Admin, HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterroles", Role("ClusterRole", "boot", null, Rule([""], ["namespaces"], ["list"])))).Code.Should().Be(201);
        (await SendAsync(h, Admin, HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", Binding("ClusterRoleBinding", "boot", null, "ClusterRole", "boot", new JsonObject { ["kind"] = "Group", ["name"] = "system:bootstrappers" }))).Code.Should().Be(201);

        (await GetAsync(h, "abcdef.0123456789abcdef", "/api/v1/namespaces")).Code.Should().Be(200);
        var forbidden = await GetAsync(h, "abcdef.0123456789abcdef", "/api/v1/namespaces/default/secrets");
        forbidden.Body["message"]!.GetValue<string>().Should().Contain("User \"system:bootstrap:abcdef\" cannot list resource \"secrets\"");
        (await GetAsync(h, "abcdef.0123456789abcdeX", "/api/v1/namespaces")).Code.Should().Be(401);
        (await GetAsync(h, "ghijkl.0123456789abcdef", "/api/v1/namespaces")).Code.Should().Be(401);
        time.Advance(TimeSpan.FromHours(2));
        (await GetAsync(h, "abcdef.0123456789abcdef", "/api/v1/namespaces")).Code.Should().Be(401);
    }
}
