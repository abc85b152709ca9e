using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests.Http;

public sealed class ListTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task List_LabelAndFieldSelectors_Filter()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("a", labels: new() { ["app"] = "x" }));
        await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("b", labels: new() { ["app"] = "y" }));
        var (_, byLabel) = await h.GetAsync(ConfigMaps + "?labelSelector=app%20in%20(x)");
        byLabel["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).Should().Equal("a");
        var (_, byField) = await h.GetAsync("/api/v1/configmaps?fieldSelector=metadata.name%3Db");
        byField["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).Should().Equal("b");
        byField["kind"]!.GetValue<string>().Should().Be("ConfigMapList");
    }

    [Fact]
    public async Task List_UnsupportedField_Returns400()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, body) = await h.GetAsync(ConfigMaps + "?fieldSelector=spec.foo%3Dbar");
        code.Should().Be(400);
        body["message"]!.GetValue<string>().Should().Be("field label not supported: spec.foo");
    }

    [Fact]
    public async Task List_PodFieldSelector_MatchesStatusPhase()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var pod = JsonNode.Parse("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}")!;
        await h.PostAsync("/api/v1/namespaces/default/pods", pod);
        var (_, list) = await h.GetAsync("/api/v1/pods?fieldSelector=status.phase%3DPending,spec.nodeName%3Dn1");
        list["items"]!.AsArray().Should().HaveCount(1);
        var (_, none) = await h.GetAsync("/api/v1/pods?fieldSelector=spec.nodeName%3Dn2");
        none["items"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task List_LimitAndContinue_PagesThroughAll()
    {
        await using var h = await ApiServerHarness.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap($"cm{i}"));
        }

        var names = new List<string>();
        var (_, page) = await h.GetAsync(ConfigMaps + "?limit=2");
        page["metadata"]!["remainingItemCount"]!.GetValue<long>().Should().Be(3);
        while (true)
        {
            names.AddRange(page["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            var token = (string?)page["metadata"]!["continue"];
            if (token is null)
            {
                break;
            }

            (_, page) = await h.GetAsync(ConfigMaps + "?limit=2&continue=" + Uri.EscapeDataString(token));
        }

        names.Should().Equal("cm0", "cm1", "cm2", "cm3", "cm4");
    }

    [Fact]
    public async Task List_BadLabelSelector_Returns400()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, _) = await h.GetAsync(ConfigMaps + "?labelSelector=a%20in%20(");
        code.Should().Be(400);
    }
}
