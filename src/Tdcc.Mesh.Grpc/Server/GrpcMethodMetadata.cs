namespace Tdcc.Mesh.Grpc.Server;

/// <summary>Endpoint metadata naming the gRPC method an endpoint serves and its call shape.</summary>
public sealed record GrpcMethodMetadata(string Method, GrpcMethodType MethodType);
