using Tdcc.Mesh.Grpc.Protocol;

namespace Tdcc.Mesh.Grpc.Tests.Protocol;

public sealed class GrpcProtocolTests
{
    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("Application/GRPC; charset=utf-8", true)]
    [InlineData("application/grpc+json", false)]
    [InlineData("application/grpc-web", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void IsGrpcContentType_Value_AcceptsOnlyGrpcAndProto(string? contentType, bool expected) =>
        GrpcProtocol.IsGrpcContentType(contentType).Should().Be(expected);
}
