using System.Net;
using System.Net.Http.Headers;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Networking;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Clusters;

/// <summary>
/// A member stopped and started again through the sandbox's control endpoint (what <c>tdcc sandbox stop|start</c> use):
/// the hub sees it go Offline and withdraws its exports; it comes back with its pods and rejoins.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class MemberStopStartTests
{
    [Fact]
    public async Task StopThenStart_East_OfflineWithdrawnThenBackWithItsPods()
    {
        var directory = Directory.CreateTempSubdirectory("tdcc-stopstart-").FullName;
        try
        {
            await using var set = await SandboxHost.StartAsync(new SandboxOptions
            {
                Directory = directory,
                Members = 2,
                Demo = true,
                AddressOffset = 240,
                MeshTimings = NamespacedSandboxFixture.Timings,
            });
            var endpoints = (await SandboxHost.ReadEndpointsAsync(directory))!;
            var (hub, west) = (set.Clusters[0], set.Clusters[2]);
            var podsBefore = await PodNamesAsync(set.Clusters[1].Client);
            using var http = new HttpClient { BaseAddress = new Uri(endpoints.Control!) };

            (await PostAsync(http, "east", "stop", token: null)).Should().Be(HttpStatusCode.Unauthorized);
            (await PostAsync(http, "north", "stop", endpoints.ControlToken)).Should().Be(HttpStatusCode.NotFound);
            (await PostAsync(http, "east", "stop", endpoints.ControlToken)).Should().Be(HttpStatusCode.OK);
            (await PostAsync(http, "east", "stop", endpoints.ControlToken)).Should().Be(HttpStatusCode.Conflict);

            await Eventually.TrueAsync(async () => await MeshProbes.ReadyAsync(hub.Client, "east") == false, "east Offline on the hub", TimeSpan.FromSeconds(30));
            await Eventually.TrueAsync(async () => (await MeshProbes.ImportedFromAsync(west.Client, "east")).Count == 0, "east's endpoints withdrawn from west", TimeSpan.FromSeconds(30));

            (await PostAsync(http, "east", "start", endpoints.ControlToken)).Should().Be(HttpStatusCode.OK);
            var east = set.Clusters[1];
            (await PodNamesAsync(east.Client)).Should().BeEquivalentTo(podsBefore, "the member comes back with the pods it had");
            await Eventually.TrueAsync(async () => await MeshProbes.ReadyAsync(hub.Client, "east") == true, "east Ready again", TimeSpan.FromSeconds(30));
            await Eventually.TrueAsync(async () => (await MeshProbes.ImportedFromAsync(west.Client, "east")).Count == 3, "east's endpoints back in west", TimeSpan.FromSeconds(60));
            var rewritten = (await SandboxHost.ReadEndpointsAsync(directory))!;
            rewritten.Clusters.Single(c => c.Name == "east").ApiServer.Should().Be(east.ApiServer.GetLeftPart(UriPartial.Authority));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, string member, string verb, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/members/{member}/{verb}");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<IReadOnlyList<string>> PodNamesAsync(IKubeClient member) =>
        [.. (await member.Resource<Pod>().ListAsync(new ListOptions { Namespace = "demo" })).Items.Select(p => p.Metadata.Name!)];
}
