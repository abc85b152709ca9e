using System.Net;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Grpc.Server;
using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Gateway.Tests.Support;

/// <summary>A gRPC pod (the project's own gRPC server, h2c): Unary answers <c>cluster|value|source</c>, Slow waits for its deadline, Fail ends NotFound with a trailer.</summary>
internal sealed class GrpcEchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcEchoServer(WebApplication app, IPEndPoint endPoint)
    {
        _app = app;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public static async Task<GrpcEchoServer> StartAsync(IPAddress address, string cluster)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(address, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddMeshGrpc();
        var app = builder.Build();
        app.MapGrpcUnary<StringValue, StringValue>("/test.Echo/Unary", (request, context) =>
            Task.FromResult(new StringValue { Value = cluster + "|" + request.Value + "|" + context.RequestHeaders["x-tdcc-source-cluster"] }));
        app.MapGrpcUnary<StringValue, StringValue>("/test.Echo/Slow", async (request, context) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
            return request;
        });
        app.MapGrpcUnary<StringValue, StringValue>("/test.Echo/Fail", (request, context) =>
        {
            context.ResponseTrailers["x-reason"] = "missing";
            throw new RpcException(StatusCode.NotFound, "no such thing");
        });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GrpcEchoServer(app, new IPEndPoint(address, new Uri(bound).Port));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
