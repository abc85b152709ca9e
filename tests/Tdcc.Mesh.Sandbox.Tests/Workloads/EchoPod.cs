using System.Net;
using Tdcc.Mesh.Sandbox.Workloads;

namespace Tdcc.Mesh.Sandbox.Tests.Workloads;

/// <summary>A started echo workload on its own loopback pod IP, stopped on dispose.</summary>
internal sealed class EchoPod : IAsyncDisposable
{
    public const int HttpPort = 8080;
    public const int GrpcPort = 9090;
    public const int TcpPort = 7000;

    private EchoPod(IWorkload workload) => Workload = workload;

    public IWorkload Workload { get; }

    public IPAddress IP => Workload.Identity.PodIP;

    public static async Task<EchoPod> StartAsync(byte lastOctet)
    {
        var identity = new PodIdentity("east", "shop", $"echo-{lastOctet}", IPAddress.Parse($"127.10.200.{lastOctet}"));
        var workload = EchoImage.CreateWorkload(identity,
        [
            new ContainerPort(HttpPort, Name: "http"),
            new ContainerPort(GrpcPort, Name: "grpc"),
            new ContainerPort(TcpPort, Name: "tcp-echo"),
            new ContainerPort(5353, "UDP", "dns"),
        ]);
        await workload.StartAsync();
        return new EchoPod(workload);
    }

    public Uri Url(int port, string path = "/") => new($"http://{IP}:{port}{path}");

    public ValueTask DisposeAsync() => Workload.DisposeAsync();
}
