using System.Security.Cryptography.X509Certificates;
using System.Text;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Tests.Server;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Sandbox.Tests.Mesh;

/// <summary>
/// An Envoy east-west gateway of east, as the sandbox's xDS server sees it: its mTLS listener and the SDS Secrets it
/// refers to, issued by the mesh CA stored in the hub.
/// </summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
public sealed class MeshGatewayXdsTests(MeshFixture fixture) : IClassFixture<MeshFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EastWestGatewayNode_East_GetsMtlsListenerAndTrustBundleButNoPrivateKey()
    {
        var xds = new Uri(fixture.Endpoints.Clusters.Single(c => c.Name == "east").Xds!);
        var node = Ads.Node("east-west-gateway-east-0", "east");
        node.Metadata = new Struct { Fields = { [NodeRoles.MetadataKey] = Value.ForString(NodeRoles.EastWestGateway) } };
        // A gateway node is served only with its cluster's hub token (docs/xds.md "Authentication").
        var hubToken = (await fixture.Hub.Client.Resource<Tdcc.Mesh.Kube.Model.Secret>().GetAsync(ClustersApi.ClusterNamespace("east"), ClustersApi.AgentTokenSecret))!.DecodedValue("token");
        await using (var anonymous = Ads.Sotw(xds))
        {
            await anonymous.SendAsync(Ads.Request(TypeUrls.Listener, [], node));
            (await FluentActions.Awaiting(() => anonymous.ReceiveAsync(Wait)).Should().ThrowAsync<Tdcc.Mesh.Grpc.Status.RpcException>())
                .Which.StatusCode.Should().Be(Tdcc.Mesh.Grpc.Status.StatusCode.Unauthenticated);
        }

        await using var stream = Ads.Sotw(xds, hubToken);

        // Envoy's first LDS request is a wildcard.
        await stream.SendAsync(Ads.Request(TypeUrls.Listener, [], node));
        var lds = await stream.ReceiveAsync(Wait);
        var listener = lds.Resources.Select(r => r.Unpack<Listener>()).Should().ContainSingle(l => l.Name == GatewayNames.EastWest).Subject;
        listener.Address.SocketAddress.PortValue.Should().Be(15443u);
        var tls = listener.FilterChains.Should().ContainSingle().Subject.TransportSocket.TypedConfig.Unpack<DownstreamTlsContext>();
        tls.RequireClientCertificate.Should().BeTrue();
        var certificateName = tls.CommonTlsContext.TlsCertificateSdsSecretConfigs.Should().ContainSingle().Subject.Name;
        certificateName.Should().Be(SecretNames.GatewayCertificate("east"));
        tls.CommonTlsContext.ValidationContextSdsSecretConfig.Name.Should().Be(SecretNames.TrustBundle);

        await stream.SendAsync(Ads.Request(TypeUrls.Secret, [certificateName, SecretNames.TrustBundle]));
        var sds = await stream.ReceiveAsync(Wait);
        var secrets = sds.Resources.Select(r => r.Unpack<Secret>()).ToDictionary(s => s.Name);
        secrets.Keys.Should().BeEquivalentTo([SecretNames.TrustBundle], "the gateway's key never travels over xDS: its certificate comes by CSR (a local SDS agent serves the listener's certificate to Envoy)");

        // The trust bundle is the root stored in the hub.
        var stored = await fixture.Hub.Client.Resource<Tdcc.Mesh.Kube.Model.Secret>().GetAsync("tdcc-mesh-system", "tdcc-mesh-ca");
        using var storedRoot = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(stored!.Data!["ca.crt"])));
        using var root = X509Certificate2.CreateFromPem(secrets[SecretNames.TrustBundle].ValidationContext.TrustedCa.InlineBytes.ToStringUtf8());
        root.Thumbprint.Should().Be(storedRoot.Thumbprint);
    }
}
