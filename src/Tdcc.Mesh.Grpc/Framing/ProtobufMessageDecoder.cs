using System.Buffers;
using Google.Protobuf;

namespace Tdcc.Mesh.Grpc.Framing;

/// <summary>Decodes with a generated protobuf parser (the default for every mapped method and client call).</summary>
internal sealed class ProtobufMessageDecoder<T>(MessageParser<T> parser) : IMessageDecoder<T>
    where T : class, IMessage<T>
{
    public T Decode(in ReadOnlySequence<byte> payload) => parser.ParseFrom(payload);
}
