using System.Buffers;
using System.Collections.ObjectModel;
using System.IO.Pipelines;
using Google.Protobuf;
using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Grpc.Framing;

/// <summary>
/// The async read loop over a <see cref="PipeReader"/>: waits for a whole frame, decodes it and parses the message.
/// Every failure is an <see cref="RpcException"/> (or <see cref="OperationCanceledException"/> when cancelled).
/// </summary>
public static class GrpcMessageReader
{
    /// <summary>
    /// Reads the next message; null when the stream ended cleanly between messages.
    /// </summary>
    /// <exception cref="RpcException">
    /// INTERNAL for an incomplete message at end of stream, a compressed message without a negotiated encoding,
    /// or a payload that does not parse; RESOURCE_EXHAUSTED for an oversized message.
    /// </exception>
    public static ValueTask<T?> ReadMessageAsync<T>(
        PipeReader reader,
        MessageParser<T> parser,
        GrpcReadOptions options,
        CancellationToken cancellationToken = default)
        where T : class, IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(parser);
        return ReadMessageAsync(reader, new ProtobufMessageDecoder<T>(parser), options, cancellationToken);
    }

    /// <summary>
    /// Reads the next message with <paramref name="decoder"/>; null when the stream ended cleanly between messages.
    /// </summary>
    /// <exception cref="RpcException">As <see cref="ReadMessageAsync{T}(PipeReader, MessageParser{T}, GrpcReadOptions, CancellationToken)"/>.</exception>
    public static async ValueTask<T?> ReadMessageAsync<T>(
        PipeReader reader,
        IMessageDecoder<T> decoder,
        GrpcReadOptions options,
        CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(options);

        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled)
            {
                throw new OperationCanceledException("The read was cancelled.", cancellationToken);
            }

            var buffer = result.Buffer;

            // By default nothing is consumed and everything is examined, so the next ReadAsync waits for more data.
            var consumed = buffer.Start;
            var examined = buffer.End;
            try
            {
                if (GrpcFrameReader.TryReadFrame(ref buffer, options.MaxMessageSize, out var frame))
                {
                    var message = Decode(frame, decoder, options);

                    // The frame is consumed; bytes after it stay buffered for the next message.
                    consumed = buffer.Start;
                    examined = buffer.Start;
                    return message;
                }

                if (result.IsCompleted)
                {
                    if (buffer.Length == 0)
                    {
                        return null;
                    }

                    throw new RpcException(StatusCode.Internal, "Incomplete message: the stream ended inside a message.");
                }
            }
            finally
            {
                reader.AdvanceTo(consumed, examined);
            }
        }
    }

    /// <summary>
    /// Reads exactly one message followed by the end of the stream, as unary requests and responses are.
    /// </summary>
    /// <exception cref="RpcException">INTERNAL when there is no message or more than one.</exception>
    public static ValueTask<T> ReadSingleMessageAsync<T>(
        PipeReader reader,
        MessageParser<T> parser,
        GrpcReadOptions options,
        CancellationToken cancellationToken = default)
        where T : class, IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(parser);
        return ReadSingleMessageAsync(reader, new ProtobufMessageDecoder<T>(parser), options, cancellationToken);
    }

    /// <summary>Reads exactly one message with <paramref name="decoder"/>, followed by the end of the stream.</summary>
    /// <exception cref="RpcException">INTERNAL when there is no message or more than one.</exception>
    public static async ValueTask<T> ReadSingleMessageAsync<T>(
        PipeReader reader,
        IMessageDecoder<T> decoder,
        GrpcReadOptions options,
        CancellationToken cancellationToken = default)
        where T : class
    {
        var message = await ReadMessageAsync(reader, decoder, options, cancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(StatusCode.Internal, "Expected one message, the stream ended without any.");
        if (await ReadMessageAsync(reader, decoder, options, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new RpcException(StatusCode.Internal, "Expected one message, received more.");
        }

        return message;
    }

    /// <summary>Turns a frame into a message: decompresses when flagged and negotiated, then decodes.</summary>
    internal static T Decode<T>(in GrpcFrame frame, IMessageDecoder<T> decoder, GrpcReadOptions options)
        where T : class
    {
        var payload = frame.Payload;
        if (frame.Compressed)
        {
            if (options.Encoding is null)
            {
                throw new RpcException(
                    StatusCode.Internal,
                    "Request sent a compressed message but no grpc-encoding was negotiated.");
            }

            payload = new ReadOnlySequence<byte>(GrpcCompression.Decompress(payload, options.Encoding, options.MaxMessageSize));
        }

        try
        {
            return decoder.Decode(payload);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidDataException)
        {
            throw new RpcException(new GrpcStatus(StatusCode.Internal, "Failed to deserialize message."), ReadOnlyDictionary<string, string>.Empty, ex);
        }
    }
}
