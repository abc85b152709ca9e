using System.Text.Json;
using Envoy.Service.Discovery.V3;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tdcc.Mesh.Grpc.Server;
using Tdcc.Mesh.Xds.Status;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>Maps the aggregated discovery service and the status endpoint.</summary>
public static class XdsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps StreamAggregatedResources and DeltaAggregatedResources (needs <see cref="XdsServiceCollectionExtensions.AddXds"/>
    /// and an HTTP/2 endpoint) and GET <see cref="XdsServerOptions.StatusPath"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapXds(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider.GetRequiredService<AdsServices>();
        endpoints.MapGrpcDuplexStreaming<SotwRequest, DiscoveryResponse>(
            XdsMethods.StreamAggregatedResources,
            new DiscoveryRequestDecoder(),
            (requests, responses, context) => new SotwStream(services, context).RunAsync(requests, responses));
        endpoints.MapGrpcDuplexStreaming<DeltaDiscoveryRequest, DeltaDiscoveryResponse>(
            XdsMethods.DeltaAggregatedResources,
            (requests, responses, context) => new DeltaStream(services, context).RunAsync(requests, responses));

        var status = endpoints.ServiceProvider.GetRequiredService<IXdsStatus>();
        endpoints.MapGet(services.Options.StatusPath, (RequestDelegate)(async context =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(context.Response.Body, status.GetStatus(), XdsStatusJsonContext.Default.XdsStatusReport, context.RequestAborted)
                .ConfigureAwait(false);
        }));
        return endpoints;
    }
}
