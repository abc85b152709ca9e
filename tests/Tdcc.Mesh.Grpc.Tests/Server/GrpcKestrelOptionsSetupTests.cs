using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tdcc.Mesh.Grpc.Server;

namespace Tdcc.Mesh.Grpc.Tests.Server;

public sealed class GrpcKestrelOptionsSetupTests
{
    [Fact]
    public void AddMeshGrpc_KeepAliveOptions_AppliedToKestrelHttp2Limits()
    {
        var services = new ServiceCollection();
        services.AddMeshGrpc(options =>
        {
            options.KeepAlivePingDelay = TimeSpan.FromSeconds(15);
            options.KeepAlivePingTimeout = TimeSpan.FromSeconds(5);
            options.MaxStreamsPerConnection = 1000;
        });
        using var provider = services.BuildServiceProvider();

        var kestrel = new KestrelServerOptions();
        foreach (var setup in provider.GetServices<IConfigureOptions<KestrelServerOptions>>())
        {
            setup.Configure(kestrel);
        }

        kestrel.Limits.Http2.KeepAlivePingDelay.Should().Be(TimeSpan.FromSeconds(15));
        kestrel.Limits.Http2.KeepAlivePingTimeout.Should().Be(TimeSpan.FromSeconds(5));
        kestrel.Limits.Http2.MaxStreamsPerConnection.Should().Be(1000);
    }
}
