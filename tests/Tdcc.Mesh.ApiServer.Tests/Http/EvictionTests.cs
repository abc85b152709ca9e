using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests.Http;

/// <summary>pods/eviction against PodDisruptionBudgets, with kube-apiserver's answers.</summary>
public sealed class EvictionTests
{
    private const string Ns = "default";

    private static JsonObject Eviction(string name, JsonObject? deleteOptions = null)
    {
        var eviction = new JsonObject { ["apiVersion"] = "policy/v1", ["kind"] = "Eviction", ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns } };
        if (deleteOptions is not null)
        {
            eviction["deleteOptions"] = deleteOptions;
        }

        return eviction;
    }

    private static async Task RunningPodAsync(ApiServerHarness h, string name, bool ready = true, string app = "web")
    {
        (await h.PostAsync($"/api/v1/namespaces/{Ns}/pods", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = app } },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "x" }) },
        })).Code.Should().Be(201);
        var (code, pod) = await h.GetAsync($"/api/v1/namespaces/{Ns}/pods/{name}");
        code.Should().Be(200);
        pod["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
        };
        (await h.PutAsync($"/api/v1/namespaces/{Ns}/pods/{name}/status", pod)).Code.Should().Be(200);
    }

    private static async Task BudgetAsync(ApiServerHarness h, string name, int allowed, int desired, int current, long observedGeneration = 1, string app = "web")
    {
        (await h.PostAsync($"/apis/policy/v1/namespaces/{Ns}/poddisruptionbudgets", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["minAvailable"] = desired, ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } } },
        })).Code.Should().Be(201);
        var (_, budget) = await h.GetAsync($"/apis/policy/v1/namespaces/{Ns}/poddisruptionbudgets/{name}");
        budget["status"] = new JsonObject
        {
            ["observedGeneration"] = observedGeneration,
            ["disruptionsAllowed"] = allowed,
            ["desiredHealthy"] = desired,
            ["currentHealthy"] = current,
            ["expectedPods"] = current,
        };
        (await h.PutAsync($"/apis/policy/v1/namespaces/{Ns}/poddisruptionbudgets/{name}/status", budget)).Code.Should().Be(200);
    }

    [Fact]
    public async Task Evict_BudgetAllowsOne_ChargesBudgetAndDeletesPod()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await RunningPodAsync(h, "web-1");
        await BudgetAsync(h, "web-pdb", allowed: 1, desired: 1, current: 2);

        var (code, status) = await h.PostAsync($"/api/v1/namespaces/{Ns}/pods/web-1/eviction", Eviction("web-1"));

        code.Should().Be(201, status.ToJsonString());
        ((string?)status["status"]).Should().Be("Success");
        (await h.GetAsync($"/api/v1/namespaces/{Ns}/pods/web-1")).Code.Should().Be(404);
        var (_, budget) = await h.GetAsync($"/apis/policy/v1/namespaces/{Ns}/poddisruptionbudgets/web-pdb");
        ((int)budget["status"]!["disruptionsAllowed"]!).Should().Be(0);
        budget["status"]!["disruptedPods"]!.AsObject().ContainsKey("web-1").Should().BeTrue();
        var condition = budget["status"]!["conditions"]!.AsArray().Single()!;
        ((string?)condition["type"]).Should().Be("DisruptionAllowed");
        ((string?)condition["status"]).Should().Be("False");
        ((string?)condition["reason"]).Should().Be("InsufficientPods");
    }

    [Fact]
    public async Task Evict_BudgetExhausted_Answers429WithDisruptionBudgetCause()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await RunningPodAsync(h, "web-1");
        await BudgetAsync(h, "web-pdb", allowed: 0, desired: 2, current: 1);

        var (code, status) = await h.PostAsync($"/api/v1/namespaces/{Ns}/pods/web-1/eviction", Eviction("web-1"));

        code.Should().Be(429);
        ((string?)status["reason"]).Should().Be("TooManyRequests");
        ((string?)status["message"]).Should().Be("Cannot evict pod as it would violate the pod's disruption budget.");
        var cause = status["details"]!["causes"]!.AsArray().Single()!;
        ((string?)cause["reason"]).Should().Be("DisruptionBudget");
        ((string?)cause["message"]).Should().Be("The disruption budget web-pdb needs 2 healthy pods and has 1 currently");
        (await h.GetAsync($"/api/v1/namespaces/{Ns}/pods/web-1")).Code.Should().Be(200);
    }

    [Fact]
    public async Task Evict_BudgetNotYetObserved_Answers429StillBeingProcessed()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await RunningPodAsync(h, "web-1");
        await BudgetAsync(h, "web-pdb", allowed: 5, desired: 1, current: 3, observedGeneration: 0);

        var (code, status) = await h.PostAsync($"/api/v1/namespaces/{Ns}/pods/web-1/eviction", Eviction("web-1"));

        code.Should().Be(429);
        ((string?)status["details"]!["causes"]![0]!["message"]).Should().Be("The disruption budget web-pdb is still being processed by the server.");
    }

    [Fact]
    public async Task Evict_TwoBudgets_Answers500()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await RunningPodAsync(h, "web-1");
        await BudgetAsync(h, "a", allowed: 1, desired: 1, current: 2);
        await BudgetAsync(h, "b", allowed: 1, desired: 1, current: 2);

        var (code, status) = await h.PostAsync($"/api/v1/namespaces/{Ns}/pods/web-1/eviction", Eviction("web-1"));

        code.Should().Be(500);
        ((string?)status["message"]).Should().Be("Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
    }

    [Fact]
    public async Task Evict_UnreadyPod_IfHealthyBudgetRefusesAndAlwaysAllowDeletes()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await RunningPodAsync(h, "web-1", ready: false);
        await BudgetAsync(h, "web-pdb", allowed: 0, desired: 2, current: 1);

        (await h.PostAsync($"/api/v1/namespaces/{Ns}/pods/web-1/eviction", Eviction("web-1"))).Code.Should().Be(429);

        (await h.PatchAsync($"/apis/policy/v1/namespaces/{Ns}/poddisruptionbudgets/web-pdb", new JsonObject { ["spec"] = new JsonObject { ["unhealthyPodEvictionPolicy"] = "AlwaysAllow" } })).Code.Should().Be(200);
        var (code, _) = await h.PostAsync($"/api/v1/namespaces/{Ns}/pods/web-1/eviction", Eviction("web-1"));
        code.Should().Be(201);
        (await h.GetAsync($"/api/v1/namespaces/{Ns}/pods/web-1")).Code.Should().Be(404);
        var (_, budget) = await h.GetAsync($"/apis/policy/v1/namespaces/{Ns}/poddisruptionbudgets/web-pdb");
        budget["status"]!["disruptedPods"].Should().BeNull();
    }

    [Fact]
    public async Task Evict_PendingPodOrNoBudget_DeletesWithoutCharge()
    {
        await using var h = await ApiServerHarness.StartAsync();
        (await h.PostAsync($"/api/v1/namespaces/{Ns}/pods", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "pending", ["labels"] = new JsonObject { ["app"] = "web" } },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "x" }) },
        })).Code.Should().Be(201);
        await RunningPodAsync(h, "other", app: "other");
        await BudgetAsync(h, "web-pdb", allowed: 0, desired: 2, current: 0);

        (await h.PostAsync($"/api/v1/namespaces/{Ns}/pods/pending/eviction", Eviction("pending"))).Code.Should().Be(201);
        (await h.PostAsync($"/api/v1/namespaces/{Ns}/pods/other/eviction", Eviction("other", new JsonObject { ["dryRun"] = new JsonArray("All") }))).Code.Should().Be(201);
        (await h.GetAsync($"/api/v1/namespaces/{Ns}/pods/other")).Code.Should().Be(200, "a dry-run eviction deletes nothing");
        (await h.PostAsync($"/api/v1/namespaces/{Ns}/pods/other/eviction", Eviction("other"))).Code.Should().Be(201);
        (await h.GetAsync($"/api/v1/namespaces/{Ns}/pods/pending")).Code.Should().Be(404);
        (await h.GetAsync($"/api/v1/namespaces/{Ns}/pods/other")).Code.Should().Be(404);
    }

    [Fact]
    public async Task Evict_BadRequests_AnswerAsKube()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await RunningPodAsync(h, "web-1");

        var (code, status) = await h.PostAsync($"/api/v1/namespaces/{Ns}/pods/web-1/eviction", Eviction("web-2"));
        code.Should().Be(400);
        ((string?)status["message"]).Should().Be("name in URL does not match name in Eviction object");
        (await h.PostAsync($"/api/v1/namespaces/{Ns}/pods/nope/eviction", Eviction("nope"))).Code.Should().Be(404);
        (await h.GetAsync($"/api/v1/namespaces/{Ns}/pods/web-1/eviction")).Code.Should().Be(405);
    }

    [Fact]
    public async Task Discovery_ListsEvictionAndTokenSubresources()
    {
        await using var h = await ApiServerHarness.StartAsync();

        var (_, list) = await h.GetAsync("/api/v1");

        var eviction = list["resources"]!.AsArray().Single(r => (string?)r!["name"] == "pods/eviction")!;
        ((string?)eviction["group"]).Should().Be("policy");
        ((string?)eviction["kind"]).Should().Be("Eviction");
        eviction["verbs"]!.AsArray().Select(v => (string?)v).Should().Equal("create");
        var token = list["resources"]!.AsArray().Single(r => (string?)r!["name"] == "serviceaccounts/token")!;
        ((string?)token["kind"]).Should().Be("TokenRequest");
    }
}
