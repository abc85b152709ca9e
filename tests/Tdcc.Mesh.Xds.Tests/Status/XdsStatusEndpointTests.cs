using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Tests.Server;

namespace Tdcc.Mesh.Xds.Tests.Status;

public sealed class XdsStatusEndpointTests
{
    [Fact]
    public async Task GetStatus_ConnectedNode_JsonShowsNodeAndSentVersion()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("node-1", SotwProtocolTests.Translate(("east", "10.0.0.1", true)));
        await using var client = Ads.Sotw(server.Address);
        await client.SendAsync(Ads.Request(TypeUrls.Listener, ["echo.demo.svc.clusterset.local:9090"], Ads.Node()));
        var response = await client.ReceiveAsync();

        using var json = await server.GetStatusJsonAsync();

        var node = json.RootElement.GetProperty("nodes")[0];
        node.GetProperty("nodeId").GetString().Should().Be("node-1");
        node.GetProperty("cluster").GetString().Should().Be("east");
        node.GetProperty("locality").GetProperty("zone").GetString().Should().Be("us-east-1a");
        node.GetProperty("kind").GetString().Should().Be("Sotw");
        node.GetProperty("types")[0].GetProperty("versionSent").GetString().Should().Be(response.VersionInfo);
    }
}
