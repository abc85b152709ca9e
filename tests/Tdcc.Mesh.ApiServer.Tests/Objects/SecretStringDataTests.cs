using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests.Objects;

/// <summary>A Secret's write-only stringData is stored in data, as kube does.</summary>
public sealed class SecretStringDataTests
{
    [Fact]
    public async Task Create_StringData_MergedIntoDataAndDropped()
    {
        await using var h = await ApiServerHarness.StartAsync();

        var (code, body) = await h.PostAsync("/api/v1/namespaces/default/secrets", JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"user":"b2xk","keep":"eA=="},"stringData":{"user":"admin","password":"s3cret"}}
            """)!);

        code.Should().Be(201);
        body["stringData"].Should().BeNull();
        ((string?)body["data"]!["user"]).Should().Be("YWRtaW4=");
        ((string?)body["data"]!["password"]).Should().Be("czNjcmV0");
        ((string?)body["data"]!["keep"]).Should().Be("eA==");
        var (_, read) = await h.GetAsync("/api/v1/namespaces/default/secrets/s");
        ((string?)read["data"]!["password"]).Should().Be("czNjcmV0");
    }
}
