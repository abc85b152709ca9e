using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tdcc.Mesh.Grpc.Framing;
using Tdcc.Mesh.Grpc.Server.CallHandlers;

namespace Tdcc.Mesh.Grpc.Server;

/// <summary>
/// Maps gRPC methods onto ASP.NET Core endpoints: <c>POST /package.Service/Method</c>, served over HTTP/2.
/// Register <see cref="GrpcServiceCollectionExtensions.AddMeshGrpc"/> for options and keepalive; call
/// <see cref="MapGrpcUnimplemented"/> once so calls to unknown methods get UNIMPLEMENTED instead of HTTP 404.
/// </summary>
public static class GrpcEndpointRouteBuilderExtensions
{
    private static readonly string[] PostOnly = [HttpMethods.Post];

    public static IEndpointConventionBuilder MapGrpcUnary<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, string method, UnaryServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Map(endpoints, method, GrpcMethodType.Unary, services => new UnaryCallHandler<TRequest, TResponse>(method, handler, services));
    }

    public static IEndpointConventionBuilder MapGrpcServerStreaming<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, string method, ServerStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Map(endpoints, method, GrpcMethodType.ServerStreaming, services => new ServerStreamingCallHandler<TRequest, TResponse>(method, handler, services));
    }

    public static IEndpointConventionBuilder MapGrpcClientStreaming<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, string method, ClientStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Map(endpoints, method, GrpcMethodType.ClientStreaming, services => new ClientStreamingCallHandler<TRequest, TResponse>(method, handler, services));
    }

    public static IEndpointConventionBuilder MapGrpcDuplexStreaming<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, string method, DuplexStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        return MapGrpcDuplexStreaming(endpoints, method, new ProtobufMessageDecoder<TRequest>(new MessageParser<TRequest>(() => new TRequest())), handler);
    }

    /// <summary>
    /// A bidirectional-streaming method whose requests <paramref name="requestDecoder"/> reads (shared by every call),
    /// for servers that read a request type their own way instead of through its generated parser.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcDuplexStreaming<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, string method, IMessageDecoder<TRequest> requestDecoder, DuplexStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(requestDecoder);
        ArgumentNullException.ThrowIfNull(handler);
        return Map(endpoints, method, GrpcMethodType.DuplexStreaming, services => new DuplexStreamingCallHandler<TRequest, TResponse>(method, requestDecoder, handler, services));
    }

    /// <summary>Answers gRPC calls (POST <c>/{service}/{method}</c>) that match no mapped method with UNIMPLEMENTED.</summary>
    public static IEndpointConventionBuilder MapGrpcUnimplemented(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var handler = new UnimplementedCallHandler(GrpcServerServices.From(endpoints));
        var builder = endpoints.MapMethods("/{service}/{method}", PostOnly, handler.HandleCallAsync)
            .WithDisplayName("gRPC - unimplemented");
        builder.Add(endpoint => ((RouteEndpointBuilder)endpoint).Order = int.MaxValue);
        return builder;
    }

    private static IEndpointConventionBuilder Map(
        IEndpointRouteBuilder endpoints, string method, GrpcMethodType methodType, Func<GrpcServerServices, ServerCallHandler> create)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(method);
        if (method[0] != '/' || method.IndexOf('/', 1) <= 1 || method.EndsWith('/'))
        {
            throw new ArgumentException($"A gRPC method path looks like '/package.Service/Method', not '{method}'.", nameof(method));
        }

        var handler = create(GrpcServerServices.From(endpoints));
        return endpoints.MapMethods(method, PostOnly, handler.HandleCallAsync)
            .WithDisplayName("gRPC - " + method)
            .WithMetadata(new GrpcMethodMetadata(method, methodType));
    }
}
