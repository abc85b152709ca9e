using System.Buffers;
using System.Collections.ObjectModel;
using System.IO.Compression;
using Tdcc.Mesh.Grpc.Protocol;
using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Grpc.Framing;

/// <summary>gzip, the one message compression supported (besides identity).</summary>
internal static class GrpcCompression
{
    /// <summary>Inflates a compressed payload, enforcing the receive limit on the inflated size.</summary>
    public static byte[] Decompress(in ReadOnlySequence<byte> payload, string encoding, int maxMessageSize)
    {
        if (!string.Equals(encoding, GrpcProtocol.GzipEncoding, StringComparison.Ordinal))
        {
            throw new RpcException(StatusCode.Unimplemented, $"Unsupported grpc-encoding '{encoding}'.");
        }

        try
        {
            using var input = new MemoryStream(payload.ToArray(), writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = gzip.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > maxMessageSize)
                {
                    throw new RpcException(
                        StatusCode.ResourceExhausted,
                        $"Received message exceeds the maximum configured message size after decompression ({maxMessageSize}).");
                }

                output.Write(chunk, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new RpcException(new GrpcStatus(StatusCode.Internal, "Failed to decompress message."), ReadOnlyDictionary<string, string>.Empty, ex);
        }
    }

    /// <summary>Deflates a serialized message with gzip.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> message)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(message);
        }

        return output.ToArray();
    }
}
