using System.Buffers;

namespace Tdcc.Mesh.Grpc;

/// <summary>
/// Turns the payload of one received message into <typeparamref name="T"/>, for messages a server reads its own way
/// instead of through a generated protobuf parser (to skip work it does not need). The payload is only valid during
/// the call: copy what is kept. A malformed payload throws <see cref="InvalidDataException"/> (or Google.Protobuf's
/// <c>InvalidProtocolBufferException</c>); the readers report either as INTERNAL, like an unparseable protobuf message.
/// </summary>
/// <typeparam name="T">The decoded message.</typeparam>
public interface IMessageDecoder<out T>
    where T : class
{
    /// <summary>Decodes one message; called once per frame, with the decompressed payload.</summary>
    /// <exception cref="InvalidDataException">The payload is not a valid message.</exception>
    T Decode(in ReadOnlySequence<byte> payload);
}
