using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Grpc.Framing;

/// <summary>Writes messages as gRPC length-prefixed frames (see <see cref="GrpcFrameReader"/> for the layout).</summary>
public static class GrpcFrameWriter
{
    /// <summary>
    /// Serializes <paramref name="message"/> into one frame. With an <paramref name="encoding"/> (gzip) the payload is compressed
    /// and the compressed flag is set.
    /// </summary>
    /// <exception cref="RpcException">RESOURCE_EXHAUSTED when the frame payload exceeds <paramref name="maxMessageSize"/>.</exception>
    public static void WriteMessage(IBufferWriter<byte> output, IMessage message, int maxMessageSize = int.MaxValue, string? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);

        if (encoding is not null)
        {
            var compressed = GrpcCompression.Compress(message.ToByteArray());
            CheckSize(compressed.Length, maxMessageSize);
            WriteHeader(output, compressed: true, compressed.Length);
            output.Write(compressed);
            return;
        }

        var size = message.CalculateSize();
        CheckSize(size, maxMessageSize);
        WriteHeader(output, compressed: false, size);
        if (size > 0)
        {
            message.WriteTo(output);
        }
    }

    /// <summary>Serializes one message into a new framed byte array.</summary>
    public static byte[] ToFrame(IMessage message, int maxMessageSize = int.MaxValue, string? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (encoding is not null)
        {
            var buffer = new ArrayBufferWriter<byte>();
            WriteMessage(buffer, message, maxMessageSize, encoding);
            return buffer.WrittenSpan.ToArray();
        }

        // Uncompressed, the size is known up front: one array of exactly the frame, written once.
        var size = message.CalculateSize();
        CheckSize(size, maxMessageSize);
        var frame = new byte[GrpcFrameReader.HeaderSize + size];
        frame[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(GrpcFrameReader.CompressedFlagSize), (uint)size);
        if (size > 0)
        {
            message.WriteTo(frame.AsSpan(GrpcFrameReader.HeaderSize));
        }

        return frame;
    }

    /// <summary>
    /// Serializes one uncompressed message as a frame into an array rented from <see cref="ArrayPool{T}.Shared"/>; the
    /// caller returns <see cref="ArraySegment{T}.Array"/> once the bytes are written out.
    /// </summary>
    /// <exception cref="RpcException">RESOURCE_EXHAUSTED when the payload exceeds <paramref name="maxMessageSize"/>.</exception>
    internal static ArraySegment<byte> RentFrame(IMessage message, int maxMessageSize)
    {
        var size = message.CalculateSize();
        CheckSize(size, maxMessageSize);
        var length = GrpcFrameReader.HeaderSize + size;
        var frame = ArrayPool<byte>.Shared.Rent(length);
        frame[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(GrpcFrameReader.CompressedFlagSize), (uint)size);
        if (size > 0)
        {
            message.WriteTo(frame.AsSpan(GrpcFrameReader.HeaderSize, size));
        }

        return new ArraySegment<byte>(frame, 0, length);
    }

    private static void WriteHeader(IBufferWriter<byte> output, bool compressed, int length)
    {
        var header = output.GetSpan(GrpcFrameReader.HeaderSize);
        header[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(header[GrpcFrameReader.CompressedFlagSize..], (uint)length);
        output.Advance(GrpcFrameReader.HeaderSize);
    }

    private static void CheckSize(int size, int maxMessageSize)
    {
        if (size > maxMessageSize)
        {
            throw new RpcException(
                StatusCode.ResourceExhausted,
                $"Sending message exceeds the maximum configured message size ({size} > {maxMessageSize}).");
        }
    }
}
