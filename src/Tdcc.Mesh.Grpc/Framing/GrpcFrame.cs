using System.Buffers;

namespace Tdcc.Mesh.Grpc.Framing;

/// <summary>One length-prefixed message as read from the wire: the compressed flag and the payload bytes.</summary>
public readonly record struct GrpcFrame(bool Compressed, ReadOnlySequence<byte> Payload);
