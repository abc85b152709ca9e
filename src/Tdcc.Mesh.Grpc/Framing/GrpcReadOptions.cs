using Tdcc.Mesh.Grpc.Protocol;

namespace Tdcc.Mesh.Grpc.Framing;

/// <summary>How received frames are read: the size limit and the negotiated <c>grpc-encoding</c> (null for identity).</summary>
public sealed record GrpcReadOptions(int MaxMessageSize = GrpcProtocol.DefaultMaxReceiveMessageSize, string? Encoding = null);
