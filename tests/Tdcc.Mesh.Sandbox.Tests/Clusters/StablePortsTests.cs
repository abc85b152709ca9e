using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Tests.Clusters;

/// <summary>A persisted sandbox with the mesh, stopped and started again in the same directory: same API server and xDS URLs.</summary>
[Collection(SandboxGroup.Name)]
public sealed class StablePortsTests
{
    private const int AddressOffset = 200;

    [Fact]
    public async Task StartAsync_SameDirectoryAfterStop_SameApiServerAndXdsUrls()
    {
        var directory = Directory.CreateTempSubdirectory("tdcc-ports-").FullName;
        var options = new SandboxOptions { Directory = directory, Members = 1, AddressOffset = AddressOffset };
        try
        {
            (string[] ApiServers, Uri Xds, string Kubeconfig) first;
            await using (var set = await SandboxHost.StartAsync(options))
            {
                first = (Urls(set), set.Mesh!.Xds, await File.ReadAllTextAsync(set.KubeconfigPath));
                await set.StopAsync();
            }

            File.Exists(Path.Combine(directory, SandboxPorts.FileName)).Should().BeTrue();
            await using var second = await SandboxHost.StartAsync(options);

            Urls(second).Should().Equal(first.ApiServers);
            second.Mesh!.Xds.Should().Be(first.Xds);
            (await File.ReadAllTextAsync(second.KubeconfigPath)).Should().Be(first.Kubeconfig, "a saved kubeconfig stays valid");
            var endpoints = await SandboxHost.ReadEndpointsAsync(directory);
            endpoints!.Clusters.Select(c => c.Xds).Should().OnlyContain(x => x == first.Xds.GetLeftPart(UriPartial.Authority));
            // The saved kubeconfig (same CAs, same admin token, same ports) reaches every API server of the restarted sandbox.
            foreach (var cluster in second.Clusters)
            {
                using var saved = new Kube.Client.KubeClient(Kube.Config.KubeClientOptions.FromKubeconfig(second.KubeconfigPath, cluster.Name));
                (await saved.GetRawAsync("/readyz")).Trim().Should().Be("ok", cluster.Name);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_RecordedPortTaken_ThatServerGetsANewPortTheOthersKeepTheirs()
    {
        var directory = Directory.CreateTempSubdirectory("tdcc-ports-taken-").FullName;
        var options = new SandboxOptions { Directory = directory, Members = 1, AddressOffset = AddressOffset, Mesh = false };
        try
        {
            string[] first;
            await using (var set = await SandboxHost.StartAsync(options))
            {
                first = Urls(set);
            }

            using var recorded = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, SandboxPorts.FileName)));
            var hubPort = recorded.RootElement.GetProperty("apiServers").GetProperty("hub").GetInt32();
            new Uri(first[0]).Port.Should().Be(hubPort);
            using var squatter = new TcpListener(IPAddress.Loopback, hubPort);
            squatter.Start();

            await using var second = await SandboxHost.StartAsync(options);

            var urls = Urls(second);
            new Uri(urls[0]).Port.Should().NotBe(hubPort, "the recorded port is taken");
            urls[1].Should().Be(first[1]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string[] Urls(IClusterSet set) => [.. set.Clusters.Select(c => c.ApiServer.GetLeftPart(UriPartial.Authority))];
}
