using System.Net;
using Tdcc.Mesh.Dns;
using Tdcc.Mesh.Dns.Zones;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Testing;
using static Tdcc.Mesh.Mcs.Tests.Hosting.ClusterSet;

namespace Tdcc.Mesh.Mcs.Tests.Dns;

[Trait("Category", "Slow")]
public sealed class ZonePublisherTests
{
    [Fact]
    public async Task Agent_WithDnsServer_ZoneFollowsImports()
    {
        await using var server = ClusterSetDnsServer.Start(new ClusterSetDnsServerOptions { Address = IPAddress.Loopback, Port = 0 }, ZoneSnapshot.Empty());
        await using var set = await StartAsync(["east", "west"], dns: id => id == "west" ? server : null);
        await set.CreateNamespaceEverywhereAsync("demo");
        var east = set.Members["east"];
        await east.Client.Resource<Service>().CreateAsync(ServiceOf("demo", "web"));
        await east.Client.Resource<ServiceExport>().CreateAsync(ExportOf("demo", "web"));
        var import = await Eventually.GetAsync(
            () => set.Members["west"].Client.Resource<ServiceImport>().GetAsync("demo", "web"), i => i.Spec?.Ips is { Length: > 0 }, "imported");

        await Eventually.TrueAsync(() => Task.FromResult(ZoneText(server).Contains(import.Spec!.Ips!.Value[0], StringComparison.Ordinal)), "zone has the clusterset IP");
        ZoneText(server).Should().Contain("web.demo.svc.clusterset.local");

        await east.Client.Resource<ServiceExport>().DeleteAsync("demo", "web");
        await Eventually.TrueAsync(() => Task.FromResult(!ZoneText(server).Contains("web.demo.svc", StringComparison.Ordinal)), "name removed from the zone");
    }

    private static string ZoneText(IClusterSetDnsServer server)
    {
        using var writer = new StringWriter();
        server.Zone.Current.WriteZoneFile(writer);
        return writer.ToString();
    }
}
