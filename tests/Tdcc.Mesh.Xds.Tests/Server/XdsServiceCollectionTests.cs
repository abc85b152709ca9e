using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tdcc.Mesh.Grpc.Server;
using Tdcc.Mesh.Xds.Server;

namespace Tdcc.Mesh.Xds.Tests.Server;

public sealed class XdsServiceCollectionTests
{
    [Fact]
    public void AddXds_Default_Http2ConnectionWindowForSotwAckBursts()
    {
        using var provider = new ServiceCollection().AddLogging().AddXds().BuildServiceProvider();

        var kestrel = provider.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        kestrel.Limits.Http2.InitialConnectionWindowSize.Should().Be(new XdsServerOptions().Http2ConnectionWindowSize);
    }

    [Fact]
    public void AddXds_HostSetsItsOwnWindowOrNone_KeptAsSet()
    {
        using var hostSet = new ServiceCollection().AddLogging().AddMeshGrpc(o => o.InitialConnectionWindowSize = 2 * 1024 * 1024).AddXds().BuildServiceProvider();
        using var none = new ServiceCollection().AddLogging().AddXds(o => o.Http2ConnectionWindowSize = 0).BuildServiceProvider();

        hostSet.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.Http2.InitialConnectionWindowSize.Should().Be(2 * 1024 * 1024);
        none.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.Http2.InitialConnectionWindowSize
            .Should().Be(new KestrelServerOptions().Limits.Http2.InitialConnectionWindowSize, "0 keeps Kestrel's default");
    }
}
