using Tdcc.Mesh.Sandbox.Workloads;

namespace Tdcc.Mesh.Sandbox.Tests.Workloads;

public sealed class EchoPortsTests
{
    [Theory]
    [InlineData("TCP", "http", null, EchoPortKind.Http)]
    [InlineData("TCP", null, null, EchoPortKind.Http)]
    [InlineData("TCP", "grpc", null, EchoPortKind.Grpc)]
    [InlineData("TCP", "grpc-admin", null, EchoPortKind.Grpc)]
    [InlineData("TCP", "api", "grpc", EchoPortKind.Grpc)]
    [InlineData("TCP", "tcp-echo", null, EchoPortKind.Tcp)]
    [InlineData("TCP", "raw", "tcp", EchoPortKind.Tcp)]
    [InlineData("TCP", "grpc", "http", EchoPortKind.Http)]
    [InlineData("UDP", "dns", null, EchoPortKind.None)]
    public void Classify_Port_ChoosesServer(string protocol, string? name, string? appProtocol, EchoPortKind expected) =>
        EchoPorts.Classify(new ContainerPort(80, protocol, name, appProtocol)).Should().Be(expected);
}
