using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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

namespace Tdcc.Mesh.Xds.Tests.Server;

/// <summary>The ADS server on a real Kestrel h2c listener on 127.0.0.1, port 0.</summary>
public sealed class XdsTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private XdsTestServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Cache = app.Services.GetRequiredService<ISnapshotCache>();
        Status = app.Services.GetRequiredService<IXdsStatus>();
    }

    public Uri Address { get; }

    public int Port => Address.Port;

    public ISnapshotCache Cache { get; }

    public IXdsStatus Status { get; }

    public static async Task<XdsTestServer> StartAsync(INodeHash? nodeHash = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
            options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(nodeHash ?? NodeHashes.ById);
        builder.Services.AddXds();
        var app = builder.Build();
        app.MapXds();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new XdsTestServer(app, new Uri(address));
    }

    /// <summary>GET /debug/xds/status over h2c, parsed.</summary>
    public async Task<JsonDocument> GetStatusJsonAsync()
    {
        using var client = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.GetAsync(new Uri(Address, "/debug/xds/status"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonDocument>())!;
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }
}
