using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Tdcc.Mesh.Identity.Authority;

namespace Tdcc.Mesh.Identity.Tests.Authority;

/// <summary>A real TLS handshake between two SslStreams over loopback TCP, the server requiring a client certificate, both trusting only the mesh root.</summary>
public sealed class MutualTlsTests : IDisposable
{
    private const string ServerName = "gateway.east.test";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly MeshCertificateAuthority _ca = MeshCertificateAuthority.Create();
    private readonly MeshCertificateAuthority _other = MeshCertificateAuthority.Create();

    public void Dispose()
    {
        _ca.Dispose();
        _other.Dispose();
    }

    [Fact]
    public async Task Handshake_BothFromTheMeshCa_SucceedsAndSeesPeerSpiffeIds()
    {
        var result = await HandshakeAsync(_ca.IssueGateway("east", [ServerName]), _ca.IssueGateway("west"));

        result.ServerError.Should().BeNull();
        result.ClientError.Should().BeNull();
        result.ClientSawServer.Should().Equal("spiffe://clusterset.local/cluster/east/gateway");
        result.ServerSawClient.Should().Equal("spiffe://clusterset.local/cluster/west/gateway");
        result.Echoed.Should().Be(42);
    }

    [Fact]
    public async Task Handshake_ClientFromAnotherCa_ServerRejects()
    {
        var result = await HandshakeAsync(_ca.IssueGateway("east", [ServerName]), _other.IssueGateway("west"));

        result.ServerError.Should().BeAssignableTo<AuthenticationException>();
        result.Echoed.Should().BeNull();
        result.ServerSawClientErrors.Should().HaveFlag(SslPolicyErrors.RemoteCertificateChainErrors);
    }

    [Fact]
    public async Task Handshake_ServerFromAnotherCa_ClientRejects()
    {
        var result = await HandshakeAsync(_other.IssueGateway("east", [ServerName]), _ca.IssueGateway("west"));

        result.ClientError.Should().BeAssignableTo<AuthenticationException>();
        result.Echoed.Should().BeNull();
    }

    private static X509ChainPolicy Trusting(string rootPem)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.ImportFromPem(rootPem);
        return policy;
    }

    /// <summary>Each side trusts the root of the CA that issued its own certificate (the trust bundle it was given).</summary>
    private async Task<HandshakeResult> HandshakeAsync(IssuedCertificate server, IssuedCertificate client)
    {
        using var serverCertificate = server.ToX509Certificate();
        using var clientCertificate = client.ToX509Certificate();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var result = new HandshakeResult();
        using var cancel = new CancellationTokenSource(Timeout);

        var serverTask = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync(cancel.Token);
            await using var tls = new SslStream(socket.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificateContext = SslStreamCertificateContext.Create(serverCertificate, additionalCertificates: null, offline: true),
                        ClientCertificateRequired = true,
                        CertificateChainPolicy = Trusting(_ca.RootCertificatePem),
                        RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                        {
                            result.ServerSawClientErrors = errors;
                            if (certificate is not null)
                            {
                                result.ServerSawClient = Certificates.UriSans(new X509Certificate2(certificate));
                            }

                            return errors == SslPolicyErrors.None;
                        },
                    },
                    cancel.Token);
                var buffer = new byte[1];
                await tls.ReadExactlyAsync(buffer, cancel.Token);
                await tls.WriteAsync(buffer, cancel.Token);
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                result.ServerError = e;
            }
        });

        var clientTask = Task.Run(async () =>
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(IPAddress.Loopback, port, cancel.Token);
            await using var tls = new SslStream(socket.GetStream());
            try
            {
                await tls.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = ServerName,
                        ClientCertificateContext = SslStreamCertificateContext.Create(clientCertificate, additionalCertificates: null, offline: true),
                        CertificateChainPolicy = Trusting(_ca.RootCertificatePem),
                        RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                        {
                            if (certificate is not null)
                            {
                                result.ClientSawServer = Certificates.UriSans(new X509Certificate2(certificate));
                            }

                            return errors == SslPolicyErrors.None;
                        },
                    },
                    cancel.Token);
                await tls.WriteAsync(new byte[] { 42 }, cancel.Token);
                var buffer = new byte[1];
                var read = await tls.ReadAsync(buffer, cancel.Token);
                result.Echoed = read == 1 ? buffer[0] : null;
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                result.ClientError = e;
            }
        });

        await Task.WhenAll(serverTask, clientTask);
        return result;
    }

    private sealed class HandshakeResult
    {
        public Exception? ServerError { get; set; }

        public Exception? ClientError { get; set; }

        public SslPolicyErrors ServerSawClientErrors { get; set; }

        public IReadOnlyList<string> ServerSawClient { get; set; } = [];

        public IReadOnlyList<string> ClientSawServer { get; set; } = [];

        public int? Echoed { get; set; }
    }
}
