using System.Diagnostics;
using System.Globalization;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Sandbox.Tests.Mesh;

/// <summary>Runs the built <c>tdcc sandbox up --demo</c> as a child process and drives the whole mesh with kubectl and dig.</summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
[Trait("Peer", "kubectl")]
[Trait("Peer", "dig")]
public sealed class MeshProcessTests(ITestOutputHelper output)
{
    private const int AddressOffset = 160;

    [PeerFact("kubectl", "dig")]
    public async Task SandboxUp_Demo_KubectlEveryContextDigMemberDnsAndCleanSigint()
    {
        RequirePeer.Present("kubectl", "dig");
        var directory = Directory.CreateTempSubdirectory("tdcc-mesh-up-").FullName;
        var endpointsPath = Path.Combine(directory, SandboxEndpoints.FileName);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { TdccCli.AssemblyPath(), "sandbox", "up", "--demo", "--dir", directory, "--address-offset", AddressOffset.ToString(CultureInfo.InvariantCulture), "--network", "loopback" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(File.Exists(endpointsPath) || process.HasExited), "endpoints.json", TimeSpan.FromSeconds(120));
            if (process.HasExited)
            {
                Assert.Fail($"tdcc exited early with {process.ExitCode}: {await stdout}\n{await stderr}");
            }

            var endpoints = (await SandboxEndpoints.ReadAsync(endpointsPath))!;
            endpoints.Clusters.Select(c => c.Name).Should().Equal("hub", "east", "west", "edge");
            foreach (var cluster in endpoints.Clusters)
            {
                var namespaces = await PeerTools.RunAsync("kubectl", ["--kubeconfig", endpoints.Kubeconfig, "--context", cluster.Name, "get", "namespaces"], timeout: TimeSpan.FromSeconds(60));
                namespaces.ExitCode.Should().Be(0, namespaces.StandardError);
            }

            var clusters = await PeerTools.RunAsync("kubectl", ["--kubeconfig", endpoints.Kubeconfig, "--context", "hub", "get", "managedclusters"], timeout: TimeSpan.FromSeconds(60));
            clusters.ExitCode.Should().Be(0, clusters.StandardError);
            clusters.StandardOutput.Should().Contain("east").And.Contain("west").And.Contain("edge");
            var imports = await PeerTools.RunAsync("kubectl", ["--kubeconfig", endpoints.Kubeconfig, "--context", "west", "get", "serviceimports", "-n", "demo", "-o", "jsonpath={.items[0].spec.ips[0]}"], timeout: TimeSpan.FromSeconds(60));
            imports.ExitCode.Should().Be(0, imports.StandardError);
            var ip = imports.StandardOutput.Trim();
            ip.Should().StartWith(string.Create(CultureInfo.InvariantCulture, $"127.{11 + AddressOffset}.128."));

            var dns = endpoints.Clusters.Single(c => c.Name == "west").Dns!;
            var dig = await PeerTools.RunAsync("dig", ["+short", "@" + dns[..dns.LastIndexOf(':')], "-p", dns[(dns.LastIndexOf(':') + 1)..], "echo.demo.svc.clusterset.local"]);
            dig.ExitCode.Should().Be(0, dig.StandardError);
            dig.StandardOutput.Trim().Should().Be(ip);
            endpoints.Clusters.Where(c => c.Role == "member").Should().OnlyContain(c => c.Dns != null && c.Xds != null);

            var interrupt = await PeerTools.RunAsync("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]);
            interrupt.ExitCode.Should().Be(0);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(exit.Token);

            output.WriteLine(await stdout);
            process.ExitCode.Should().Be(0, await stderr);
            File.Exists(endpointsPath).Should().BeFalse();
            (await stdout).Should().Contain("dig @").And.Contain("Stopped");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(directory, recursive: true);
        }
    }
}
