namespace Tdcc.Mesh.ApiServer.Tests.Http;

public sealed class DiscoveryTests
{
    private const string AggregatedAccept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    [Fact]
    public async Task Apis_AggregatedAccept_ReturnsGroupDiscoveryList()
    {
        await using var h = await ApiServerHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.TryAddWithoutValidation("Accept", AggregatedAccept);
        using var response = await h.Client.SendAsync(request);
        response.Content.Headers.ContentType!.ToString().Should().Contain("as=APIGroupDiscoveryList");
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["kind"]!.GetValue<string>().Should().Be("APIGroupDiscoveryList");
        var apps = body["items"]!.AsArray().First(i => (string?)i!["metadata"]!["name"] == "apps")!;
        var deployments = apps["versions"]![0]!["resources"]!.AsArray().First(r => (string?)r!["resource"] == "deployments")!;
        deployments["shortNames"]![0]!.GetValue<string>().Should().Be("deploy");
        deployments["subresources"]!.AsArray().Select(s => (string?)s!["subresource"]).Should().Contain(["scale", "status"]);
    }

    [Fact]
    public async Task Legacy_ApiAndResourceList_HaveKubeShapes()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, api) = await h.GetAsync("/api");
        api["kind"]!.GetValue<string>().Should().Be("APIVersions");
        var (_, groups) = await h.GetAsync("/apis");
        groups["kind"]!.GetValue<string>().Should().Be("APIGroupList");
        var (_, core) = await h.GetAsync("/api/v1");
        core["groupVersion"]!.GetValue<string>().Should().Be("v1");
        core["resources"]!.AsArray().Select(r => (string?)r!["name"]).Should().Contain(["pods", "pods/status", "services"]);
        var (code, version) = await h.GetAsync("/version");
        code.Should().Be(200);
        version["gitVersion"]!.GetValue<string>().Should().Be("v1.32.0");
    }

    [Fact]
    public async Task Get_TableAccept_ReturnsTableWithPodColumns()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var pod = System.Text.Json.Nodes.JsonNode.Parse("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}")!;
        await h.PostAsync("/api/v1/namespaces/default/pods", pod);
        var (code, table) = await h.GetAsync("/api/v1/namespaces/default/pods", TableAccept);
        code.Should().Be(200);
        table["kind"]!.GetValue<string>().Should().Be("Table");
        table["columnDefinitions"]!.AsArray().Take(5).Select(c => (string?)c!["name"]).Should().Equal("Name", "Ready", "Status", "Restarts", "Age");
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        cells[0]!.GetValue<string>().Should().Be("p");
        cells[1]!.GetValue<string>().Should().Be("0/1");
        cells[2]!.GetValue<string>().Should().Be("Pending");
        table["rows"]![0]!["object"]!["kind"]!.GetValue<string>().Should().Be("PartialObjectMetadata");
    }

    [Fact]
    public async Task Get_OnlyAnUnservedMediaTypeAccepted_Returns406()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, body) = await h.GetAsync("/api/v1/namespaces", "application/cbor");
        code.Should().Be(406);
        ((string?)body["reason"]).Should().Be("NotAcceptable");
    }

    [Fact]
    public async Task OpenApiV3_Index_ListsGroupVersions()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, index) = await h.GetAsync("/openapi/v3");
        code.Should().Be(200);
        var url = index["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>();
        var (docCode, doc) = await h.GetAsync(url);
        docCode.Should().Be(200);
        doc["components"]!["schemas"]!["io.k8s.api.apps.v1.Deployment"]!["x-kubernetes-group-version-kind"].Should().NotBeNull();
    }
}
