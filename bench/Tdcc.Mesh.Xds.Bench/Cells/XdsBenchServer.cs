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

namespace Tdcc.Mesh.Xds.Bench.Cells;

/// <summary>
/// Our real xDS server as a deployment hosts it: <c>AddXds</c>/<c>MapXds</c> on Kestrel h2c on 127.0.0.1 (port 0),
/// one snapshot per node cluster (<see cref="NodeHashes.ByCluster"/>), default options, logging off.
/// </summary>
internal sealed class XdsBenchServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private XdsBenchServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Cache = app.Services.GetRequiredService<ISnapshotCache>();
    }

    public Uri Address { get; }

    public ISnapshotCache Cache { get; }

    public static async Task<XdsBenchServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
            options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(NodeHashes.ByCluster);
        builder.Services.AddXds();
        var app = builder.Build();
        app.MapXds();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new XdsBenchServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(grace.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
