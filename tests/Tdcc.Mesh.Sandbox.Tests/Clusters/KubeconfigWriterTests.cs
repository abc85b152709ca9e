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
            await KubeconfigWriter.WriteAsync(path, [("hub", new Uri("http://127.0.0.1:1000/")), ("east", new Uri("http://127.0.0.1:1001/"))], "hub", CancellationToken.None);

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
}
