using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Gateway.Tests.Support;
using Tdcc.Mesh.Grpc.Client;
using Tdcc.Mesh.Grpc.Status;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.MeshModel.Ingress;
using static Tdcc.Mesh.Gateway.Tests.Ingress.IngressRig;

namespace Tdcc.Mesh.Gateway.Tests.Ingress;

/// <summary>
/// A GRPCRoute on the ingress (its method match is a path, as the controller writes it): a gRPC client speaking h2c to
/// the HTTP listener reaches the Service's pod over HTTP/2; a method no rule matches answers UNIMPLEMENTED from the
/// gateway (trailers-only).
/// </summary>
public sealed class GrpcRouteIngressTests : IAsyncLifetime
{
    private static readonly GrpcMethod<StringValue, StringValue> Unary = new("/test.Echo/Unary");
    private static readonly GrpcMethod<StringValue, StringValue> Fail = new("/test.Echo/Fail");
    private IngressRig _rig = null!;

    public async Task InitializeAsync() => _rig = await IngressRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task GRPCRouteExactMethodMatching_MatchedMethodServed_OtherMethodUnimplemented()
    {
        await using var pod = await GrpcEchoServer.StartAsync(TestAddresses.Pod(0), "east");
        var backend = new IngressBackend { Kind = IngressBackendKind.Service, Namespace = "demo", Name = "grpc", Port = 9090, Endpoints = [pod.EndPoint.Address + ":" + pod.EndPoint.Port] };
        _rig.Apply(_rig.Listener([Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Exact, "/test.Echo/Unary") }, backend) with { Route = "GRPCRoute demo/echo" }]));
        using var channel = GrpcChannel.ForAddress(new Uri($"http://{_rig.Address}:{_rig.Port}"));

        var response = await channel.UnaryAsync(Unary, new StringValue { Value = "hi" });
        response.Value.Should().StartWith("east|hi|", "the pod answered over HTTP/2 through the ingress");

        var unmatched = async () => await channel.UnaryAsync(Fail, new StringValue());
        (await unmatched.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unimplemented);
    }
}
