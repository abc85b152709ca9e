using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Tests.Support;
using Tdcc.Mesh.Grpc.Client;
using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Gateway.Tests.Outbound;

/// <summary>gRPC through both gateways with the project's own client and server: messages, status and trailers, deadlines.</summary>
public sealed class GrpcThroughTunnelTests
{
    private static readonly GrpcMethod<StringValue, StringValue> Unary = new("/test.Echo/Unary");
    private static readonly GrpcMethod<StringValue, StringValue> Slow = new("/test.Echo/Slow");
    private static readonly GrpcMethod<StringValue, StringValue> Fail = new("/test.Echo/Fail");

    [Fact]
    public async Task Unary_WestClientToEastService_AnsweredWithSource()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        await using var pod = await GrpcEchoServer.StartAsync(TestAddresses.Pod(1), "east");
        var port = ThroughTunnelTests.ServeFromEast(mesh, GatewayProtocol.Grpc, pod.EndPoint);
        using var channel = GrpcChannel.ForAddress(new Uri($"http://{mesh.Address("west")}:{port}"));

        var response = await channel.UnaryAsync(Unary, new StringValue { Value = "hi" });

        response.Value.Should().Be("east|hi|west");
    }

    [Fact]
    public async Task Unary_ServerFailsWithStatus_StatusAndTrailerArrive()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        await using var pod = await GrpcEchoServer.StartAsync(TestAddresses.Pod(1), "east");
        var port = ThroughTunnelTests.ServeFromEast(mesh, GatewayProtocol.Grpc, pod.EndPoint);
        using var channel = GrpcChannel.ForAddress(new Uri($"http://{mesh.Address("west")}:{port}"));

        var call = async () => await channel.UnaryAsync(Fail, new StringValue());

        var error = (await call.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.NotFound);
        error.Status.Detail.Should().Be("no such thing");
        error.Trailers.Should().Contain("x-reason", "missing");
    }

    [Fact]
    public async Task Unary_DeadlinePasses_DeadlineExceeded()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        await using var pod = await GrpcEchoServer.StartAsync(TestAddresses.Pod(1), "east");
        var port = ThroughTunnelTests.ServeFromEast(mesh, GatewayProtocol.Grpc, pod.EndPoint);
        using var channel = GrpcChannel.ForAddress(new Uri($"http://{mesh.Address("west")}:{port}"));

        var call = async () => await channel.UnaryAsync(Slow, new StringValue(), new GrpcCallOptions { Deadline = DateTimeOffset.UtcNow.AddMilliseconds(300) });

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
    }
}
