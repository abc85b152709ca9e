using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Grpc.Framing;

namespace Tdcc.Mesh.Grpc.Tests.Framing;

/// <summary>Helpers to feed raw bytes to the reader.</summary>
internal static class FrameBytes
{
    public static MessageParser<StringValue> Parser => StringValue.Parser;

    /// <summary>A completed pipe holding exactly <paramref name="bytes"/>.</summary>
    public static PipeReader Completed(params byte[] bytes) => PipeReader.Create(new ReadOnlySequence<byte>(bytes));

    public static ValueTask<StringValue?> ReadAsync(PipeReader reader, int maxMessageSize = 1024, string? encoding = null) =>
        GrpcMessageReader.ReadMessageAsync(reader, Parser, new GrpcReadOptions(maxMessageSize, encoding));
}
