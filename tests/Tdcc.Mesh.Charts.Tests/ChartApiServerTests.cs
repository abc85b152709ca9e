using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Charts.Tests;

/// <summary>
/// Every object the chart renders is accepted by the sandbox's API server (CRDs first, then the rest), with
/// <c>kubectl apply --dry-run=server</c>, and <c>helm install</c> / <c>helm upgrade</c> / <c>helm uninstall</c> work
/// against it (what <c>make run</c> does to install the chart into the sandbox).
/// </summary>
[Trait("Peer", "helm")]
[Trait("Peer", "kubectl")]
public sealed class ChartApiServerTests
{
    /// <summary>The least of the Prometheus operator's ServiceMonitor CRD: enough to serve the kind.</summary>
    private const string ServiceMonitorCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: servicemonitors.monitoring.coreos.com
        spec:
          group: monitoring.coreos.com
          names: {kind: ServiceMonitor, listKind: ServiceMonitorList, plural: servicemonitors, singular: servicemonitor}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """;

    [PeerFact(Helm.Peer, "kubectl")]
    public async Task DryRunServer_HubRendering_EveryObjectIsAccepted()
    {
        await using var session = await ApiServerSession.StartAsync();
        var rendered = await Helm.TemplateAsync("tdcc-hub", ChartValues.Hub, includeCrds: true);

        await DryRunAsync(session, rendered);
    }

    [PeerFact(Helm.Peer, "kubectl")]
    public async Task DryRunServer_AgentRenderingWithEveryOption_EveryObjectIsAccepted()
    {
        await using var session = await ApiServerSession.StartAsync();
        await session.KubectlOkAsync(ServiceMonitorCrd, "apply", "-f", "-");
        await session.KubectlOkAsync(null, "wait", "--for=condition=Established", "crd/servicemonitors.monitoring.coreos.com", "--timeout=30s");
        var rendered = await Helm.TemplateAsync("tdcc-agent", ChartValues.AgentComplete, includeCrds: true);

        await DryRunAsync(session, rendered);
    }

    [PeerFact(Helm.Peer, "kubectl")]
    public async Task HelmInstall_HubThenUpgradeThenUninstall_ObjectsFollowTheRelease()
    {
        await using var session = await ApiServerSession.StartAsync();

        var install = await session.HelmAsync(["install", "tdcc-hub", Helm.ChartPath, "--namespace", ChartValues.Namespace, "--create-namespace", .. ChartValues.Hub]);
        install.ExitCode.Should().Be(0, install.ToString());
        install.StandardOutput.Should().Contain("STATUS: deployed").And.Contain("kubectl tdcc join <name>")
            .And.Contain("helm install tdcc-agent charts/tdcc-mesh --namespace tdcc-system --create-namespace")
            .And.Contain("--set mode=agent --set agent.clusterName=<name> --set agent.hubServer=<hub URL> --set agent.bootstrapToken=<token>");
        var crds = await session.KubectlOkAsync(null, "get", "crd", "-o", "name");
        crds.Should().Contain("managedclusters.clusters.tdcc.io").And.Contain("serviceimports.multicluster.x-k8s.io").And.Contain("grpcroutes.gateway.networking.k8s.io");
        var objects = await session.KubectlOkAsync(null, "get", "deployment,service,serviceaccount,role,rolebinding,poddisruptionbudget", "-n", ChartValues.Namespace, "-l", "app.kubernetes.io/instance=tdcc-hub", "-o", "name");
        objects.Should().Contain("deployment.apps/tdcc-hub").And.Contain("service/tdcc-hub-xds").And.Contain("service/tdcc-hub-metrics")
            .And.Contain("serviceaccount/tdcc-hub").And.Contain("role.rbac.authorization.k8s.io/tdcc-hub").And.Contain("poddisruptionbudget.policy/tdcc-hub");
        (await session.KubectlOkAsync(null, "get", "clusterrole", "tdcc-mesh:tdcc-system:tdcc-hub", "-o", "name")).Should().Contain("tdcc-hub");

        var upgrade = await session.HelmAsync(["upgrade", "tdcc-hub", Helm.ChartPath, "--namespace", ChartValues.Namespace, .. ChartValues.Hub, "--set", "hub.replicas=3"]);
        upgrade.ExitCode.Should().Be(0, upgrade.ToString());
        (await session.KubectlOkAsync(null, "get", "deployment", "tdcc-hub", "-n", ChartValues.Namespace, "-o", "jsonpath={.spec.replicas}")).Should().Be("3");

        var uninstall = await session.HelmAsync("uninstall", "tdcc-hub", "--namespace", ChartValues.Namespace);
        uninstall.ExitCode.Should().Be(0, uninstall.ToString());
        (await session.KubectlOkAsync(null, "get", "deployment,service,role", "-n", ChartValues.Namespace, "-l", "app.kubernetes.io/instance=tdcc-hub", "-o", "name")).Should().BeEmpty();
        (await session.KubectlOkAsync(null, "get", "crd", "-o", "name")).Should().Contain("managedclusters.clusters.tdcc.io", "helm keeps CRDs on uninstall");
    }

    [PeerFact(Helm.Peer, "kubectl")]
    public async Task HelmInstall_Agent_StoresTheBootstrapTokenSecret()
    {
        await using var session = await ApiServerSession.StartAsync();

        var install = await session.HelmAsync(["install", "tdcc-agent", Helm.ChartPath, "--namespace", ChartValues.Namespace, "--create-namespace", .. ChartValues.Agent]);

        install.ExitCode.Should().Be(0, install.ToString());
        install.StandardOutput.Should().Contain("kubectl get managedcluster east").And.Contain("tdcc-hub-credentials");
        var token = await session.KubectlOkAsync(null, "get", "secret", "tdcc-agent-bootstrap", "-n", ChartValues.Namespace, "-o", "jsonpath={.data.token}");
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token)).Should().Be(ChartValues.BootstrapToken);
        (await session.KubectlOkAsync(null, "get", "service", "tdcc-agent-dns", "-n", ChartValues.Namespace, "-o", "jsonpath={.spec.ports[*].protocol}")).Should().Be("UDP TCP");
    }

    private static async Task DryRunAsync(ApiServerSession session, RenderedChart rendered)
    {
        var crds = await session.KubectlOkAsync(rendered.Documents(RenderedChart.IsCrd), "apply", "--dry-run=server", "-f", "-");
        crds.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(rendered.OfKind("CustomResourceDefinition").Count())
            .And.AllSatisfy(line => line.Should().EndWith("created (server dry run)"));

        // Namespaced objects need their namespace; the CRDs (a dry run stores nothing) are not needed by the rest.
        await session.KubectlOkAsync(null, "create", "namespace", ChartValues.Namespace);
        var rest = rendered.Objects.Where(o => !RenderedChart.IsCrd(o)).ToList();
        var output = await session.KubectlOkAsync(rendered.Documents(o => !RenderedChart.IsCrd(o)), "apply", "--dry-run=server", "-f", "-");
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(rest.Count)
            .And.AllSatisfy(line => line.Should().EndWith("created (server dry run)"));

        // A dry run stores nothing.
        (await session.KubectlOkAsync(null, "get", "deployments,services,serviceaccounts,roles", "-n", ChartValues.Namespace, "-l", "app.kubernetes.io/part-of=tdcc-mesh", "-o", "name")).Should().BeEmpty();
    }
}
