namespace Tdcc.Mesh.Protos;

/// <summary>The gRPC method paths of the services whose messages this project compiles.</summary>
public static class ProtoPaths
{
    public const string EchoService = "tdcc.echo.v1.EchoService";
    public const string Echo = "/" + EchoService + "/Echo";
    public const string EchoStream = "/" + EchoService + "/EchoStream";
    public const string EchoChat = "/" + EchoService + "/EchoChat";

    public const string HealthService = "grpc.health.v1.Health";
    public const string HealthCheck = "/" + HealthService + "/Check";
    public const string HealthWatch = "/" + HealthService + "/Watch";
}
