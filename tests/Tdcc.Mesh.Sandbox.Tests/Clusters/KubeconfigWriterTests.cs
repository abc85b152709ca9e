using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Tests.Clusters;

public sealed class KubeconfigWriterTests
{
    [Fact]
    public async Task WriteAsync_Clusters_LoadsWithAContextPerCluster()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("tdcc-kubeconfig-").FullName, "kubeconfig");
        try
        {
            await KubeconfigWriter.WriteAsync(path, [new KubeconfigWriter.Entry("hub", new Uri("http://127.0.0.1:1000/")), new KubeconfigWriter.Entry("east", new Uri("http://127.0.0.1:1001/"))], "hub", CancellationToken.None);

            var config = Kubeconfig.Load(path);
            config.CurrentContext.Should().Be("hub");
            config.ToClientOptions("east").Server.Should().Be(new Uri("http://127.0.0.1:1001"));
            config.ToClientOptions(null).Server.Should().Be(new Uri("http://127.0.0.1:1000"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task WriteAsync_SecureClusters_CarryTheirCaAndAdminTokenAndOnlyTheOwnerReadsIt()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("tdcc-kubeconfig-").FullName, "kubeconfig");
        const string Ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        try
        {
            await KubeconfigWriter.WriteAsync(path, [new KubeconfigWriter.Entry("hub", new Uri("https://127.0.0.1:1000/"), Ca, "admin-token-1")], "hub", CancellationToken.None);

            var options = Kubeconfig.Load(path).ToClientOptions("hub");
            options.Server.Should().Be(new Uri("https://127.0.0.1:1000"));
            options.CertificateAuthorityPem.Should().Be(Ca);
            options.BearerToken.Should().Be("admin-token-1");
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
