using System.Net;

namespace Tdcc.Mesh.ApiServer.Tests.Http;

/// <summary>One cleartext port, two protocols: HTTP/1.1 for kubectl and client-node, prior-knowledge h2c for our clients.</summary>
public sealed class CleartextProtocolsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Get_Http1OrPriorKnowledgeH2c_SamePortAnswersInThatVersion(int major)
    {
        await using var harness = await ApiServerHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = harness.Server.BaseAddress, DefaultRequestVersion = new Version(major, major == 1 ? 1 : 0), DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http.GetAsync("/api/v1/namespaces");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Version.Major.Should().Be(major);
    }
}
