using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Testing;
using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Client.Tests.Gateway;

/// <summary>End to end: our xDS server with a gateway snapshot in the docs/gateway.md shape → XdsConfigurationSource.</summary>
[Trait("Category", "Slow")]
public sealed class XdsConfigurationSourceTests
{
    [Fact]
    public async Task Current_ServerSnapshotThenChange_YieldsConfigurationAndFollowsTheChange()
    {
        await using var server = await XdsServerHost.StartAsync();
        server.Set("west", Snapshot.Create(GatewayResources.WestView()));
        using var source = new XdsConfigurationSource(Options(server));
        var trustChanged = source.GetTrustBundleChangeToken();
        await source.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.TrueAsync(() => source.Current is { Outbound.Length: 2, Inbound.Length: 1 }, "the first configuration");
            var first = source.Current!;
            first.Cluster.Should().Be("west");
            first.Peers.Select(peer => peer.Cluster).Should().Equal("east", "nat");
            first.Outbound[0].Backends.Single(backend => backend.Cluster == "east").ReadyEndpoints.Should().Be(3);
            source.TrustBundlePem.Should().Be(GatewayResources.TrustBundlePem);
            trustChanged.HasChanged.Should().BeTrue();
            var changed = source.GetChangeToken();

            server.Set("west", Snapshot.Create(GatewayResources.WestView(eastReady: 5)));

            await Eventually.TrueAsync(() => changed.HasChanged, "the change token to fire");
            source.Current!.Outbound[0].Backends.Single(backend => backend.Cluster == "east").ReadyEndpoints.Should().Be(5);
            source.Current.Version.Should().NotBe(first.Version);
        }
        finally
        {
            await source.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Current_ViewFailsTranslation_NackedAndPreviousConfigurationKept()
    {
        await using var server = await XdsServerHost.StartAsync();
        server.Set("west", Snapshot.Create(GatewayResources.WestView()));
        using var source = new XdsConfigurationSource(Options(server));
        await source.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.TrueAsync(() => source.Current is { Outbound.Length: 2 }, "the first configuration");
            var first = source.Current!;
            var clash = GatewayResources.OutboundTcp(30001, "demo", "clash", 7000); // the echo port's listen port again
            server.Set("west", Snapshot.Create([.. GatewayResources.WestView(), clash]));

            await Eventually.TrueAsync(
                () => server.NodeStatus(source.Client.Node.Id)?.Types.FirstOrDefault(type => type.TypeUrl == TypeUrls.Listener)?.VersionNacked is not null,
                "the server to see the NACK");
            server.NodeStatus(source.Client.Node.Id)!.Types.Single(type => type.TypeUrl == TypeUrls.Listener).ErrorDetail.Should().Contain("both listen on port 30001");
            source.Current.Should().BeSameAs(first);
        }
        finally
        {
            await source.StopAsync(CancellationToken.None);
        }
    }

    private static XdsClientOptions Options(XdsServerHost server) => new()
    {
        Server = server.Address,
        NodeId = "west/gateway-0",
        Cluster = "west",
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
    };

}
