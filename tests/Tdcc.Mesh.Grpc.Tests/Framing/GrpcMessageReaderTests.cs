using System.IO.Compression;
using System.IO.Pipelines;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Grpc.Framing;
using Tdcc.Mesh.Grpc.Status;
using static Tdcc.Mesh.Grpc.Tests.Framing.FrameBytes;

namespace Tdcc.Mesh.Grpc.Tests.Framing;

public sealed class GrpcMessageReaderTests
{
    // StringValue { value = "a" } is 0x0A 0x01 0x61; framed it is 00 00000003 0A0161.
    private static readonly byte[] FrameA = [0x00, 0x00, 0x00, 0x00, 0x03, 0x0A, 0x01, 0x61];

    [Fact]
    public async Task ReadMessageAsync_EmptyStream_ReturnsNull()
    {
        var message = await ReadAsync(Completed());

        message.Should().BeNull();
    }

    [Fact]
    public async Task ReadMessageAsync_WholeMessage_ReturnsMessage()
    {
        var message = await ReadAsync(Completed(FrameA));

        message!.Value.Should().Be("a");
    }

    [Fact]
    public async Task ReadMessageAsync_ZeroLengthMessage_ReturnsDefaultMessage()
    {
        var message = await ReadAsync(Completed(0x00, 0x00, 0x00, 0x00, 0x00));

        message.Should().Be(new StringValue());
    }

    [Fact]
    public async Task ReadMessageAsync_HeaderIncomplete_ThrowsInternal()
    {
        var read = async () => await ReadAsync(Completed(0x00, 0x00, 0x00));

        (await read.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Internal);
    }

    [Fact]
    public async Task ReadMessageAsync_BodyIncomplete_ThrowsInternal()
    {
        var read = async () => await ReadAsync(Completed(0x00, 0x00, 0x00, 0x00, 0x05, 0x0A, 0x01));

        (await read.Should().ThrowAsync<RpcException>()).Which.Status.Detail.Should().Contain("Incomplete message");
    }

    [Fact]
    public async Task ReadMessageAsync_LengthOverLimit_ThrowsResourceExhaustedBeforeBody()
    {
        // Only the header arrives: the limit is checked without waiting for 2 GiB of payload.
        var read = async () => await ReadAsync(Completed(0x00, 0x7F, 0xFF, 0xFF, 0xFF), maxMessageSize: 1024);

        (await read.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task ReadMessageAsync_LengthOneOverLimit_ThrowsResourceExhausted()
    {
        var read = async () => await ReadAsync(Completed(FrameA), maxMessageSize: 2);

        (await read.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task ReadMessageAsync_CompressedFlagWithoutEncoding_ThrowsInternal()
    {
        var read = async () => await ReadAsync(Completed(0x01, 0x00, 0x00, 0x00, 0x03, 0x0A, 0x01, 0x61));

        var error = (await read.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Internal);
        error.Status.Detail.Should().Contain("grpc-encoding");
    }

    [Fact]
    public async Task ReadMessageAsync_InvalidCompressedFlag_ThrowsInternal()
    {
        var read = async () => await ReadAsync(Completed(0x02, 0x00, 0x00, 0x00, 0x00));

        (await read.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Internal);
    }

    [Fact]
    public async Task ReadMessageAsync_GzipWithNegotiatedEncoding_Decompresses()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionMode.Compress, leaveOpen: true))
        {
            gzip.Write([0x0A, 0x01, 0x61]);
        }

        var payload = compressed.ToArray();
        byte[] frame = [0x01, 0x00, 0x00, 0x00, (byte)payload.Length, .. payload];

        var message = await ReadAsync(Completed(frame), encoding: "gzip");

        message!.Value.Should().Be("a");
    }

    [Fact]
    public async Task ReadMessageAsync_CorruptGzip_ThrowsInternal()
    {
        var read = async () => await ReadAsync(Completed(0x01, 0x00, 0x00, 0x00, 0x03, 0x0A, 0x01, 0x61), encoding: "gzip");

        (await read.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Internal);
    }

    [Fact]
    public async Task ReadMessageAsync_UnparseablePayload_ThrowsInternal()
    {
        var read = async () => await ReadAsync(Completed(0x00, 0x00, 0x00, 0x00, 0x01, 0xFF));

        (await read.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Internal);
    }

    [Fact]
    public async Task ReadMessageAsync_SeveralMessagesInOneBuffer_ReadsEachThenNull()
    {
        var reader = Completed([.. FrameA, 0x00, 0x00, 0x00, 0x00, 0x03, 0x0A, 0x01, 0x62]);

        (await ReadAsync(reader))!.Value.Should().Be("a");
        (await ReadAsync(reader))!.Value.Should().Be("b");
        (await ReadAsync(reader)).Should().BeNull();
    }

    [Fact]
    public async Task ReadMessageAsync_MessageSplitAcrossReads_WaitsForTheRest()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x03, 0x0A });

        var read = ReadAsync(pipe.Reader).AsTask();
        await Task.Delay(50);
        read.IsCompleted.Should().BeFalse();

        await pipe.Writer.WriteAsync(new byte[] { 0x01, 0x61 });
        (await read.WaitAsync(TimeSpan.FromSeconds(5)))!.Value.Should().Be("a");
    }

    [Fact]
    public async Task ReadMessageAsync_MessageSplitAcrossReadsWithAdditionalData_KeepsTheRest()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0x00, 0x00, 0x00 });
        var read = ReadAsync(pipe.Reader).AsTask();
        await pipe.Writer.WriteAsync(new byte[] { 0x00, 0x03, 0x0A, 0x01, 0x61, 0x00, 0x00 });

        (await read.WaitAsync(TimeSpan.FromSeconds(5)))!.Value.Should().Be("a");

        await pipe.Writer.WriteAsync(new byte[] { 0x00, 0x00, 0x03, 0x0A, 0x01, 0x62 });
        await pipe.Writer.CompleteAsync();
        (await ReadAsync(pipe.Reader))!.Value.Should().Be("b");
        (await ReadAsync(pipe.Reader)).Should().BeNull();
    }

    [Fact]
    public async Task ReadMessageAsync_GarbageAfterLastMessage_ThrowsInternal()
    {
        // What a client sees when a body carries stray bytes after its last message and before the trailers.
        var reader = Completed([.. FrameA, 0x47, 0x41]);

        (await ReadAsync(reader))!.Value.Should().Be("a");
        var next = async () => await ReadAsync(reader);
        (await next.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Internal);
    }

    [Fact]
    public async Task ReadMessageAsync_Cancelled_ThrowsOperationCanceled()
    {
        var pipe = new Pipe();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var read = async () => await GrpcMessageReader.ReadMessageAsync(pipe.Reader, Parser, new GrpcReadOptions(), cancellation.Token);

        await read.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task ReadSingleMessageAsync_TwoMessages_ThrowsInternal()
    {
        var read = async () => await GrpcMessageReader.ReadSingleMessageAsync(Completed([.. FrameA, .. FrameA]), Parser, new GrpcReadOptions());

        (await read.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Internal);
    }

    [Fact]
    public async Task ReadSingleMessageAsync_NoMessage_ThrowsInternal()
    {
        var read = async () => await GrpcMessageReader.ReadSingleMessageAsync(Completed(), Parser, new GrpcReadOptions());

        (await read.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Internal);
    }
}
