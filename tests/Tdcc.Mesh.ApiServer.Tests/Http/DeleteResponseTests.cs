namespace Tdcc.Mesh.ApiServer.Tests.Http;

public sealed class DeleteResponseTests
{
    [Fact]
    public async Task Delete_ConfigMap_AnswersSuccessStatus()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, created) = await h.PostAsync("/api/v1/namespaces/default/configmaps", ApiServerHarness.ConfigMap("cfg"));

        var (code, body) = await h.DeleteAsync("/api/v1/namespaces/default/configmaps/cfg");

        code.Should().Be(200);
        body.ToJsonString().Should().Be($"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{{}},\"status\":\"Success\",\"details\":{{\"name\":\"cfg\",\"kind\":\"configmaps\",\"uid\":\"{(string?)created["metadata"]!["uid"]}\"}}}}");
    }

    [Fact]
    public async Task Delete_Deployment_StatusNamesGroup()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync("/apis/apps/v1/namespaces/default/deployments", ApiServerHarness.Deployment("web"));

        var (code, body) = await h.DeleteAsync("/apis/apps/v1/namespaces/default/deployments/web");

        code.Should().Be(200);
        ((string?)body["status"]).Should().Be("Success");
        ((string?)body["details"]!["group"]).Should().Be("apps");
        ((string?)body["details"]!["kind"]).Should().Be("deployments");
    }

    [Fact]
    public async Task Delete_ServiceAccount_AnswersTheObject()
    {
        await using var h = await ApiServerHarness.StartAsync();

        var (code, body) = await h.DeleteAsync("/api/v1/namespaces/default/serviceaccounts/default");

        code.Should().Be(200);
        ((string?)body["kind"]).Should().Be("ServiceAccount", "kube's serviceaccount registry returns the deleted object");
    }

    [Fact]
    public async Task Delete_ObjectWithFinalizer_AnswersTheObject()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var cm = ApiServerHarness.ConfigMap("held");
        cm["metadata"]!["finalizers"] = new System.Text.Json.Nodes.JsonArray("example.com/hold");
        await h.PostAsync("/api/v1/namespaces/default/configmaps", cm);

        var (_, body) = await h.DeleteAsync("/api/v1/namespaces/default/configmaps/held");

        ((string?)body["kind"]).Should().Be("ConfigMap");
        ((string?)body["metadata"]!["deletionTimestamp"]).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task GetOpenApiV2_Protobuf_AnswersEmptySwaggerDocument()
    {
        await using var h = await ApiServerHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2");
        request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");

        using var response = await h.Client.SendAsync(request);

        ((int)response.StatusCode).Should().Be(200);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(0x0a, 0x03, (byte)'2', (byte)'.', (byte)'0', 0x42, 0x00);
    }
}
