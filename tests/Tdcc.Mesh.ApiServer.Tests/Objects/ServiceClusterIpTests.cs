using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests.Objects;

public sealed class ServiceClusterIpTests
{
    private const string Services = "/api/v1/namespaces/default/services";

    private static JsonObject Service(string name, string? clusterIp = null, string? type = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["ports"] = new JsonArray(new JsonObject { ["port"] = 80 }),
            ["clusterIP"] = clusterIp,
            ["type"] = type,
            ["externalName"] = type == "ExternalName" ? "example.com" : null,
        },
    };

    private static Task<ApiServerHarness> StartAsync(string? dataDirectory = null) =>
        ApiServerHarness.StartAsync(new KubeApiServerOptions { ClusterName = "ips", ServiceClusterIpRange = "127.50.128.0/17", DataDirectory = dataDirectory });

    [Fact]
    public async Task Create_ClusterIpService_AllocatesFromRangeWithFamilies()
    {
        await using var api = await StartAsync();

        var (code, body) = await api.PostAsync(Services, Service("a"));

        code.Should().Be(201);
        var spec = body["spec"]!;
        var ip = (string)spec["clusterIP"]!;
        ip.Should().StartWith("127.50.");
        int.Parse(ip.Split('.')[2], System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(128);
        spec["clusterIPs"]!.AsArray().Select(n => (string?)n).Should().Equal(ip);
        spec["ipFamilies"]!.AsArray().Select(n => (string?)n).Should().Equal("IPv4");
        ((string?)spec["ipFamilyPolicy"]).Should().Be("SingleStack");
    }

    [Fact]
    public async Task Create_HeadlessAndExternalName_GetNoAddress()
    {
        await using var api = await StartAsync();

        var (_, headless) = await api.PostAsync(Services, Service("headless", "None"));
        var (_, external) = await api.PostAsync(Services, Service("external", type: "ExternalName"));

        ((string?)headless["spec"]!["clusterIP"]).Should().Be("None");
        external["spec"]!["clusterIP"].Should().BeNull();
    }

    [Fact]
    public async Task Create_RequestedIp_HonouredWhenFreeAnd422WhenTaken()
    {
        await using var api = await StartAsync();

        var (first, body) = await api.PostAsync(Services, Service("a", "127.50.200.7"));
        var (second, error) = await api.PostAsync(Services, Service("b", "127.50.200.7"));
        var (outside, outsideError) = await api.PostAsync(Services, Service("c", "10.0.0.1"));

        first.Should().Be(201);
        ((string?)body["spec"]!["clusterIP"]).Should().Be("127.50.200.7");
        second.Should().Be(422);
        ((string?)error["message"]).Should().Contain("provided IP is already allocated");
        outside.Should().Be(422);
        ((string?)outsideError["message"]).Should().Contain("not in the valid range");
    }

    [Fact]
    public async Task Delete_Service_ReleasesItsIp()
    {
        await using var api = await StartAsync();
        await api.PostAsync(Services, Service("a", "127.50.200.8"));

        await api.DeleteAsync(Services + "/a");
        var (code, _) = await api.PostAsync(Services, Service("b", "127.50.200.8"));

        code.Should().Be(201);
    }

    [Fact]
    public async Task Update_ChangedClusterIp_Returns422Immutable()
    {
        await using var api = await StartAsync();
        var (_, created) = await api.PostAsync(Services, Service("a"));
        var changed = created.DeepClone().AsObject();
        changed["spec"]!["clusterIP"] = "127.50.200.9";
        changed["spec"]!["clusterIPs"] = new JsonArray("127.50.200.9");
        var omitted = created.DeepClone().AsObject();
        omitted["spec"]!.AsObject().Remove("clusterIP");
        omitted["spec"]!.AsObject().Remove("clusterIPs");

        var (code, error) = await api.PutAsync(Services + "/a", changed);
        var (keptCode, kept) = await api.PutAsync(Services + "/a", omitted);

        code.Should().Be(422);
        ((string?)error["message"]).Should().Contain("field is immutable");
        keptCode.Should().Be(200);
        ((string?)kept["spec"]!["clusterIP"]).Should().Be((string?)created["spec"]!["clusterIP"]);
    }

    [Fact]
    public async Task Create_AfterRestart_DoesNotReuseStoredIps()
    {
        var directory = Directory.CreateTempSubdirectory("tdcc-ips-").FullName;
        try
        {
            string taken;
            await using (var api = await StartAsync(directory))
            {
                var (_, body) = await api.PostAsync(Services, Service("a"));
                taken = (string)body["spec"]!["clusterIP"]!;
            }

            await using var restarted = await StartAsync(directory);
            var (code, error) = await restarted.PostAsync(Services, Service("b", taken));
            var (_, fresh) = await restarted.PostAsync(Services, Service("c"));

            code.Should().Be(422);
            ((string?)error["message"]).Should().Contain("provided IP is already allocated");
            ((string?)fresh["spec"]!["clusterIP"]).Should().NotBe(taken);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
