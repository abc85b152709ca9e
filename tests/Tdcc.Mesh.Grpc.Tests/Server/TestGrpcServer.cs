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

namespace Tdcc.Mesh.Grpc.Tests.Server;

/// <summary>A real Kestrel h2c listener on 127.0.0.1, port 0, serving the test methods.</summary>
public sealed class TestGrpcServer : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    /// <summary>Completes when a call to /test.Echo/WaitForCancel saw its token cancelled.</summary>
    public TaskCompletionSource ServerSawCancellation { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
            options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddMeshGrpc(options =>
        {
            options.MaxReceiveMessageSize = 64 * 1024;
            options.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
            options.KeepAlivePingTimeout = TimeSpan.FromSeconds(10);
        });
        var app = builder.Build();

        app.MapGrpcUnary<StringValue, StringValue>("/test.Echo/Unary", (request, context) =>
            Task.FromResult(new StringValue { Value = request.Value + "|" + context.RequestHeaders["x-tag"] }));
        app.MapGrpcServerStreaming<StringValue, StringValue>("/test.Echo/ServerStream", async (request, responses, context) =>
        {
            var count = int.Parse(request.Value, System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i < count; i++)
            {
                await responses.WriteAsync(new StringValue { Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, context.CancellationToken);
            }
        });
        app.MapGrpcClientStreaming<StringValue, StringValue>("/test.Echo/ClientStream", async (requests, context) =>
        {
            var parts = new List<string>();
            await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
            {
                parts.Add(request.Value);
            }

            return new StringValue { Value = string.Join(",", parts) };
        });
        app.MapGrpcDuplexStreaming<StringValue, StringValue>("/test.Echo/Duplex", async (requests, responses, context) =>
        {
            await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
            {
                await responses.WriteAsync(new StringValue { Value = "echo:" + request.Value }, context.CancellationToken);
            }

            context.ResponseTrailers["x-count"] = "done";
        });
        app.MapGrpcUnary<StringValue, StringValue>("/test.Echo/Slow", async (request, context) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
            return request;
        });
        app.MapGrpcDuplexStreaming<StringValue, StringValue>("/test.Echo/WaitForCancel", async (requests, responses, context) =>
        {
            try
            {
                await responses.WriteAsync(new StringValue { Value = "ready" }, context.CancellationToken);
                await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                ServerSawCancellation.TrySetResult();
                throw;
            }
        });
        app.MapGrpcUnary<StringValue, StringValue>("/test.Echo/Fail", (_, _) =>
            throw new RpcException(StatusCode.NotFound, "no such thing: 100% \u00e9"));
        app.MapGrpcUnary<StringValue, StringValue>("/test.Echo/Crash", (_, _) =>
            throw new InvalidOperationException("secret connection string"));
        app.MapGrpcUnimplemented();

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address);
        _app = app;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            // Calls still open after a short grace period are aborted rather than waited for (Kestrel's default is 30 s).
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(grace.Token);
            await _app.DisposeAsync();
        }
    }
}
