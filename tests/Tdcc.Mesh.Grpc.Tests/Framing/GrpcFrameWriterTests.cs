using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Grpc.Framing;
using Tdcc.Mesh.Grpc.Status;
using static Tdcc.Mesh.Grpc.Tests.Framing.FrameBytes;

namespace Tdcc.Mesh.Grpc.Tests.Framing;

public sealed class GrpcFrameWriterTests
{
    [Fact]
    public void ToFrame_SmallMessage_WritesFlagLengthAndPayload()
    {
        var frame = GrpcFrameWriter.ToFrame(new StringValue { Value = "a" });

        frame.Should().Equal(0x00, 0x00, 0x00, 0x00, 0x03, 0x0A, 0x01, 0x61);
    }

    [Fact]
    public void ToFrame_EmptyMessage_WritesHeaderOnly()
    {
        var frame = GrpcFrameWriter.ToFrame(new StringValue());

        frame.Should().Equal(0x00, 0x00, 0x00, 0x00, 0x00);
    }

    [Fact]
    public void ToFrame_OverSendLimit_ThrowsResourceExhausted()
    {
        var write = () => GrpcFrameWriter.ToFrame(new StringValue { Value = "abc" }, maxMessageSize: 2);

        write.Should().Throw<RpcException>().Which.StatusCode.Should().Be(StatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task ToFrame_Gzip_SetsCompressedFlagAndRoundTrips()
    {
        var frame = GrpcFrameWriter.ToFrame(new StringValue { Value = new string('x', 1000) }, encoding: "gzip");

        frame[0].Should().Be(1);
        frame.Length.Should().BeLessThan(1000);
        (await ReadAsync(Completed(frame), maxMessageSize: 4096, encoding: "gzip"))!.Value.Should().HaveLength(1000);
    }
}
