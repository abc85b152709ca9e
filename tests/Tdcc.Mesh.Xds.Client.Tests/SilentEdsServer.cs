using System.Net;
using Envoy.Service.Discovery.V3;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Grpc.Server;

namespace Tdcc.Mesh.Xds.Client.Tests;

/// <summary>
/// A delta ADS server that answers CDS with one EDS cluster and LDS with nothing, and never answers EDS: what a
/// client sees when a referenced resource does not come (our real server always answers, if only with removed_resources).
/// </summary>
public sealed class SilentEdsServer : IAsyncDisposable
{
    public const string ClusterName = "outbound|9000|tcp-echo.demo.svc.clusterset.local";

    private readonly WebApplication _app;

    private SilentEdsServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<SilentEdsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddMeshGrpc();
        var app = builder.Build();
        app.MapGrpcDuplexStreaming<DeltaDiscoveryRequest, DeltaDiscoveryResponse>(
            "/envoy.service.discovery.v3.AggregatedDiscoveryService/DeltaAggregatedResources",
            async (requests, responses, context) =>
            {
                var nonce = 0;
                while (await requests.MoveNextAsync(context.CancellationToken))
                {
                    var request = requests.Current;
                    if (request.ResponseNonce.Length > 0)
                    {
                        continue;
                    }

                    var response = new DeltaDiscoveryResponse { TypeUrl = request.TypeUrl, SystemVersionInfo = "1", Nonce = (++nonce).ToString(System.Globalization.CultureInfo.InvariantCulture) };
                    if (request.TypeUrl == XdsTypeUrls.Cluster)
                    {
                        var cluster = GatewayResources.EdsCluster(ClusterName);
                        response.Resources.Add(new Resource { Name = ClusterName, Version = "c1", Resource_ = Any.Pack(cluster) });
                    }
                    else if (request.TypeUrl != XdsTypeUrls.Listener)
                    {
                        continue; // EDS, RDS, SDS: silence
                    }

                    await responses.WriteAsync(response, context.CancellationToken);
                }
            });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SilentEdsServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }
}
