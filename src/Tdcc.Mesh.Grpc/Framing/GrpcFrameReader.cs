using System.Buffers;
using System.Buffers.Binary;
using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Grpc.Framing;

/// <summary>
/// Synchronous parsing of gRPC length-prefixed messages over a buffer:
/// <code>
/// +-----------------+--------------------------------+------------------------+
/// | Compressed (8)  |  Message-Length (32, big-end.) |  Message (Length bytes) |
/// +-----------------+--------------------------------+------------------------+
/// </code>
/// The compressed flag is 0 or 1; any other value is a protocol error (INTERNAL).
/// A length over the receive limit is RESOURCE_EXHAUSTED before any payload is buffered.
/// </summary>
public static class GrpcFrameReader
{
    /// <summary>Size of the compressed flag.</summary>
    public const int CompressedFlagSize = 1;

    /// <summary>Size of the big-endian message length.</summary>
    public const int MessageDelimiterSize = 4;

    /// <summary>Size of the whole frame header.</summary>
    public const int HeaderSize = CompressedFlagSize + MessageDelimiterSize;

    /// <summary>Reads the 5-byte header; false when fewer than 5 bytes are buffered.</summary>
    /// <exception cref="RpcException">INTERNAL when the compressed flag is neither 0 nor 1.</exception>
    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out bool compressed, out uint messageLength)
    {
        if (buffer.Length < HeaderSize)
        {
            compressed = false;
            messageLength = 0;
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new RpcException(StatusCode.Internal, $"Invalid compressed flag {header[0]} in message header."),
        };
        messageLength = BinaryPrimitives.ReadUInt32BigEndian(header[CompressedFlagSize..]);
        return true;
    }

    /// <summary>
    /// Reads one whole frame from the start of <paramref name="buffer"/>. On success <paramref name="buffer"/> is
    /// advanced past the frame; otherwise it is left as it was and more data is needed.
    /// </summary>
    /// <exception cref="RpcException">RESOURCE_EXHAUSTED when the length exceeds <paramref name="maxMessageSize"/>; INTERNAL for a bad flag.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out GrpcFrame frame)
    {
        if (!TryReadHeader(buffer, out var compressed, out var messageLength))
        {
            frame = default;
            return false;
        }

        if (messageLength > (uint)maxMessageSize)
        {
            throw new RpcException(
                StatusCode.ResourceExhausted,
                $"Received message exceeds the maximum configured message size ({messageLength} > {maxMessageSize}).");
        }

        var frameLength = HeaderSize + (long)messageLength;
        if (buffer.Length < frameLength)
        {
            frame = default;
            return false;
        }

        frame = new GrpcFrame(compressed, buffer.Slice(HeaderSize, messageLength));
        buffer = buffer.Slice(frameLength);
        return true;
    }
}
