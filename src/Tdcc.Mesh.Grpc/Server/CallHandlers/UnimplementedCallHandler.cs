using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Grpc.Server.CallHandlers;

/// <summary>Answers gRPC calls to methods nobody mapped with UNIMPLEMENTED.</summary>
internal sealed class UnimplementedCallHandler(GrpcServerServices services) : ServerCallHandler("unimplemented", services)
{
    protected override bool StreamingRequest => true;

    protected override Task HandleCallCoreAsync(HttpServerCallContext call) =>
        throw new RpcException(StatusCode.Unimplemented, $"Method {call.HttpContext.Request.Path} is unimplemented.");
}
