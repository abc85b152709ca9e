using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Tests.Fakes;

namespace Tdcc.Mesh.Kube.Tests.Config;

public sealed class InClusterConfigTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public void Load_ServiceAccountMounted_BuildsOptions()
    {
        temp.Write("token", "tok");
        temp.Write("ca.crt", "CA");
        temp.Write("namespace", "mesh-system\n");
        var env = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" };

        var options = InClusterConfig.Load(name => env.GetValueOrDefault(name), temp.Path);

        options.Server.Should().Be(new Uri("https://10.96.0.1:443"));
        options.TokenFile.Should().Be(Path.Combine(temp.Path, "token"));
        options.CertificateAuthorityPem.Should().Be("CA");
        options.Namespace.Should().Be("mesh-system");
    }

    [Fact]
    public void Load_Ipv6Host_IsBracketed()
    {
        temp.Write("token", "tok");
        var env = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "fd00::1", ["KUBERNETES_SERVICE_PORT"] = "443" };

        var options = InClusterConfig.Load(name => env.GetValueOrDefault(name), temp.Path);

        options.Server.Host.Should().Be("[fd00::1]");
        options.Namespace.Should().Be("default");
    }

    [Fact]
    public void Load_ServiceAccountDirVariable_ReadsThatDirectory()
    {
        temp.Write("token", "tok");
        temp.Write("namespace", "tdcc-system");
        var env = new Dictionary<string, string>
        {
            ["KUBERNETES_SERVICE_HOST"] = "127.0.0.1",
            ["KUBERNETES_SERVICE_PORT"] = "6443",
            [InClusterConfig.DirectoryVariable] = temp.Path,
        };

        var options = InClusterConfig.Load(name => env.GetValueOrDefault(name));

        options.TokenFile.Should().Be(Path.Combine(temp.Path, "token"));
        options.Namespace.Should().Be("tdcc-system");
    }

    [Fact]
    public void Load_NoServiceHost_Throws()
    {
        var act = () => InClusterConfig.Load(_ => null, temp.Path);

        act.Should().Throw<KubeconfigException>();
    }

    public void Dispose() => temp.Dispose();
}
