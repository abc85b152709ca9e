using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Crds;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Mcs.Crds;

namespace Tdcc.Mesh.Mcs.Tests.Crds;

public sealed class CrdInstallerTests
{
    [Fact]
    public async Task InstallAsync_AllManifests_EstablishedAndServedTwice()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "crds" });
        using var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        var installer = new CrdInstaller(client, FieldManagers.Mcs);
        string[] all = [McsCrds.ServiceExports, McsCrds.ServiceImports, McsCrds.ExportedServices];

        await installer.InstallAsync(all.Select(McsCrds.Read));
        await installer.InstallAsync(all.Select(McsCrds.Read));

        var crd = await client.Resource<CustomResourceDefinition>().GetAsync(null, "serviceimports.multicluster.x-k8s.io");
        crd!.Spec!.Names.ShortNames.Should().Equal("svcim", "svcimport");
        crd.Spec.Versions.Select(v => (v.Name, v.Served, v.Storage)).Should().Equal(("v1alpha1", true, false), ("v1beta1", true, true));
        crd.Spec.Versions[1].AdditionalPrinterColumns!.Value.Select(c => c.Name).Should().Equal("Type", "IP", "Age");
    }

    [Fact]
    public void Read_EveryManifest_MatchesTheChartCopy()
    {
        var root = Tdcc.Mesh.Testing.PeerTools.RepoRoot;
        foreach (var (manifest, chart) in new[]
        {
            (McsCrds.ServiceExports, "serviceexports.multicluster.x-k8s.io.yaml"),
            (McsCrds.ServiceImports, "serviceimports.multicluster.x-k8s.io.yaml"),
            (McsCrds.ExportedServices, "exportedservices.tdcc.io.yaml"),
        })
        {
            McsCrds.Read(manifest).Should().Be(File.ReadAllText(Path.Combine(root, "charts", "tdcc-mesh", "crds", chart)), manifest);
        }
    }
}
