using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Server;
using Tdcc.Mesh.Xds.Status;

namespace Tdcc.Mesh.Xds.Client.Tests;

/// <summary>
/// Our xDS server on a real Kestrel h2c listener on 127.0.0.1, grouping nodes by cluster and role as the hub does.
/// <see cref="RestartAsync"/> stops it and starts a new one (empty cache, no streams) on the same port.
/// </summary>
public sealed class XdsServerHost : IAsyncDisposable
{
    private WebApplication _app;

    private XdsServerHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public ISnapshotCache Cache => _app.Services.GetRequiredService<ISnapshotCache>();

    public IXdsStatus Status => _app.Services.GetRequiredService<IXdsStatus>();

    public static async Task<XdsServerHost> StartAsync()
    {
        var app = await StartAppAsync(0);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new XdsServerHost(app, address.Port);
    }

    /// <summary>The group of an east-west gateway of <paramref name="cluster"/>.</summary>
    public static string GatewayGroup(string cluster) => NodeRoles.Group(cluster, NodeRoles.EastWestGateway);

    public void Set(string cluster, Snapshot snapshot) => Cache.SetSnapshot(GatewayGroup(cluster), snapshot);

    public async Task StopAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        _app = await StartAppAsync(Port);
    }

    /// <summary>The stream status of <paramref name="nodeId"/>, once connected.</summary>
    public XdsNodeStatus? NodeStatus(string nodeId) => Status.GetStatus().Nodes.FirstOrDefault(node => node.NodeId == nodeId);

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task<WebApplication> StartAppAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(NodeHashes.ByClusterAndRole);
        builder.Services.AddXds();
        var app = builder.Build();
        app.MapXds();
        await app.StartAsync();
        return app;
    }
}
