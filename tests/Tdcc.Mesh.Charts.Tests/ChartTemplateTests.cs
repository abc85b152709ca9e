using System.Text.Json.Nodes;
using Tdcc.Mesh.Hosting.Processes;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Charts.Tests;

/// <summary>What <c>helm template</c> renders for a hub and for an agent.</summary>
[Trait("Peer", "helm")]
public sealed class ChartTemplateTests
{
    [PeerFact(Helm.Peer)]
    public async Task Template_Hub_RendersTheHubsObjects()
    {
        var rendered = await Helm.TemplateAsync("tdcc-hub", ChartValues.Hub);

        rendered.Kinds.Should().BeEquivalentTo(
            "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Service", "Service", "Deployment", "PodDisruptionBudget");
        Names(rendered, "Service").Should().BeEquivalentTo("tdcc-hub-xds", "tdcc-hub-metrics");
        var xds = rendered.OfKind("Service").Single(s => Name(s) == "tdcc-hub-xds");
        xds["spec"]!["type"]!.GetValue<string>().Should().Be("ClusterIP");
        Port(xds, "grpc-xds").Should().BeEquivalentTo(new { Port = 15010, TargetPort = "xds", Protocol = "TCP" });
        rendered.Single("Deployment")["spec"]!["replicas"]!.GetValue<long>().Should().Be(2);
        rendered.Objects.Should().AllSatisfy(o => Labels(o)["app.kubernetes.io/component"]!.GetValue<string>().Should().Be("hub"));
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_Agent_RendersTheAgentsObjectsAndTheTokenSecret()
    {
        var rendered = await Helm.TemplateAsync("tdcc-agent", ChartValues.Agent);

        rendered.Kinds.Should().BeEquivalentTo(
            "ServiceAccount", "Secret", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Service", "Service", "Deployment", "PodDisruptionBudget");
        var dns = rendered.OfKind("Service").Single(s => Name(s) == "tdcc-agent-dns");
        Port(dns, "dns").Should().BeEquivalentTo(new { Port = 53, TargetPort = "dns", Protocol = "UDP" });
        Port(dns, "dns-tcp").Should().BeEquivalentTo(new { Port = 53, TargetPort = "dns-tcp", Protocol = "TCP" });
        var secret = rendered.Single("Secret");
        Convert.FromBase64String(secret["data"]!["token"]!.GetValue<string>()).Should().Equal(System.Text.Encoding.UTF8.GetBytes(ChartValues.BootstrapToken));
        rendered.Args.Should().NotContain(a => a.Contains(ChartValues.BootstrapToken, StringComparison.Ordinal), "the token is passed from the Secret, never on the command line");
        var token = rendered.Container["env"]!.AsArray().Single(e => (string?)e!["name"] == "TDCC_BOOTSTRAP_TOKEN")!;
        token["valueFrom"]!["secretKeyRef"]!["name"]!.GetValue<string>().Should().Be(Name(secret));
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_HubArgs_BindToThePodAddressWithTheContractsFlags()
    {
        var rendered = await Helm.TemplateAsync("tdcc-hub", [.. ChartValues.Hub, "--set", "hub.approval=manual", "--set", "hub.clusterSetName=prod"]);

        rendered.Args[0].Should().Be("hub");
        rendered.Args.Should().Contain(
        [
            "--http-address=$(POD_IP):8080", "--xds-address=$(POD_IP):15010", "--log-format=json", "--leader-elect=true",
            "--clusterset-name=prod", "--approval=manual",
        ]);
        rendered.Args.Should().NotContain(a => a.StartsWith("--dns-address", StringComparison.Ordinal) || a.StartsWith("--cluster-name", StringComparison.Ordinal));
        DownwardApi(rendered).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["POD_IP"] = "status.podIP",
            ["POD_NAME"] = "metadata.name",
            ["POD_NAMESPACE"] = "metadata.namespace",
        });
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_AgentArgs_CarryTheMemberAndItsHub()
    {
        var rendered = await Helm.TemplateAsync("tdcc-agent", ChartValues.AgentComplete);

        rendered.Args[0].Should().Be("agent");
        rendered.Args.Should().Contain(
        [
            "--http-address=$(POD_IP):8080", "--dns-address=$(POD_IP):5353", "--cluster-name=east", "--hub-server=https://hub.example:6443",
            "--region=eu-west", "--zone=eu-west-1a", "--cluster-labels=tier=edge",
        ]);
        rendered.Args.Should().NotContain(a => a.StartsWith("--xds-address", StringComparison.Ordinal));
        rendered.Single("ConfigMap")["data"]!["ca.crt"]!.GetValue<string>().Should().Contain("BEGIN CERTIFICATE");
        var hubCa = rendered.Container["env"]!.AsArray().Single(e => (string)e!["name"]! == "TDCC_HUB_CA")!["valueFrom"]!["configMapKeyRef"]!;
        ((string)hubCa["name"]!).Should().Be(rendered.Single("ConfigMap")["metadata"]!["name"]!.GetValue<string>());
        ((string)hubCa["key"]!).Should().Be("ca.crt");
        DownwardApi(rendered).Keys.Should().Contain(["POD_IP", "POD_NAME", "POD_NAMESPACE"]);
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_EitherMode_RbacNamesEveryResourceAndVerb()
    {
        foreach (var rendered in new[] { await Helm.TemplateAsync("tdcc-hub", ChartValues.Hub), await Helm.TemplateAsync("tdcc-agent", ChartValues.Agent) })
        {
            var rules = rendered.OfKind("ClusterRole").Concat(rendered.OfKind("Role")).SelectMany(r => r["rules"]!.AsArray().Select(x => x!.AsObject())).ToList();
            rules.Should().NotBeEmpty();
            rules.Should().AllSatisfy(rule =>
            {
                Strings(rule, "verbs").Should().NotBeEmpty().And.NotContain("*");
                Strings(rule, "resources").Should().NotBeEmpty().And.NotContain("*");
                Strings(rule, "apiGroups").Should().NotContain("*");
            });
        }
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_HubRbac_CoversWhatTheHubDoes()
    {
        var rendered = await Helm.TemplateAsync("tdcc-hub", ChartValues.Hub);
        var clusterRole = rendered.Single("ClusterRole");

        Allows(clusterRole, "clusters.tdcc.io", "managedclusters", "create").Should().BeTrue();
        Allows(clusterRole, "clusters.tdcc.io", "clusterregistrationrequests/status", "update").Should().BeTrue();
        Allows(clusterRole, "tdcc.io", "exportedservices/status", "update").Should().BeTrue();
        Allows(clusterRole, "multicluster.x-k8s.io", "serviceimports", "delete").Should().BeTrue();
        Allows(clusterRole, "discovery.k8s.io", "endpointslices", "delete").Should().BeTrue();
        Allows(clusterRole, "", "secrets", "create").Should().BeTrue("bootstrap tokens, agent tokens and the mesh CA are Secrets");
        Allows(clusterRole, "rbac.authorization.k8s.io", "roles", "escalate").Should().BeTrue("the per-cluster Role grants more than the hub holds");
        Allows(clusterRole, "gateway.networking.k8s.io", "grpcroutes/status", "update").Should().BeTrue();
        Allows(clusterRole, "networking.tdcc.io", "trafficpolicies/status", "update").Should().BeTrue();
        Allows(clusterRole, "networking.tdcc.io", "multiclusternetworkpolicies", "watch").Should().BeTrue();
        Allows(clusterRole, "networking.tdcc.io", "multiclusternetworkpolicies/status", "update").Should().BeTrue();
        Allows(clusterRole, "apiextensions.k8s.io", "customresourcedefinitions", "patch").Should().BeTrue();
        Allows(clusterRole, "", "pods", "get").Should().BeFalse();
        Allows(clusterRole, "apiextensions.k8s.io", "customresourcedefinitions", "delete").Should().BeFalse();
        Allows(clusterRole, "rbac.authorization.k8s.io", "clusterroles", "escalate").Should().BeFalse("the per-cluster ClusterRole grants only what the hub holds");
        Allows(rendered.Single("Role"), "coordination.k8s.io", "leases", "update").Should().BeTrue("leader election");
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_AgentRbac_CoversWhatTheAgentDoesInItsMember()
    {
        var rendered = await Helm.TemplateAsync("tdcc-agent", ChartValues.Agent);
        var clusterRole = rendered.Single("ClusterRole");

        Allows(clusterRole, "multicluster.x-k8s.io", "serviceexports", "update").Should().BeTrue("the export finalizer");
        Allows(clusterRole, "multicluster.x-k8s.io", "serviceexports/status", "update").Should().BeTrue();
        Allows(clusterRole, "multicluster.x-k8s.io", "serviceimports", "create").Should().BeTrue();
        Allows(clusterRole, "networking.k8s.io", "networkpolicies", "patch").Should().BeTrue("native NetworkPolicies from MultiClusterNetworkPolicies");
        Allows(clusterRole, "networking.k8s.io", "networkpolicies", "delete").Should().BeTrue("they are pruned");
        Allows(clusterRole, "", "services", "create").Should().BeTrue();
        Allows(clusterRole, "discovery.k8s.io", "endpointslices", "create").Should().BeTrue();
        Allows(clusterRole, "", "nodes", "list").Should().BeTrue("capacity");
        Allows(clusterRole, "about.k8s.io", "clusterproperties", "create").Should().BeTrue();
        Allows(clusterRole, "", "secrets", "get").Should().BeFalse("Secrets only in the release namespace");
        Allows(clusterRole, "", "nodes", "update").Should().BeFalse();
        Allows(clusterRole, "multicluster.x-k8s.io", "serviceexports", "create").Should().BeFalse("users export, the agent does not");
        var role = rendered.Single("Role");
        role["metadata"]!["namespace"]!.GetValue<string>().Should().Be(ChartValues.Namespace);
        Allows(role, "", "secrets", "create").Should().BeTrue("the hub credentials");
        Allows(role, "coordination.k8s.io", "leases", "update").Should().BeTrue("leader election");
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_EitherMode_PodIsHardenedAndProbed()
    {
        foreach (var rendered in new[] { await Helm.TemplateAsync("tdcc-hub", ChartValues.Hub), await Helm.TemplateAsync("tdcc-agent", ChartValues.Agent) })
        {
            var pod = rendered.Single("Deployment")["spec"]!["template"]!["spec"]!;
            pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>().Should().BeTrue();
            pod["securityContext"]!["seccompProfile"]!["type"]!.GetValue<string>().Should().Be("RuntimeDefault");
            var security = rendered.Container["securityContext"]!;
            security["runAsNonRoot"]!.GetValue<bool>().Should().BeTrue();
            security["runAsUser"]!.GetValue<long>().Should().Be(65532);
            security["readOnlyRootFilesystem"]!.GetValue<bool>().Should().BeTrue();
            security["allowPrivilegeEscalation"]!.GetValue<bool>().Should().BeFalse();
            Strings(security["capabilities"]!.AsObject(), "drop").Should().Equal("ALL");
            security["seccompProfile"]!["type"]!.GetValue<string>().Should().Be("RuntimeDefault");
            rendered.Container["livenessProbe"]!["httpGet"]!.ToJsonString().Should().Be("""{"path":"/healthz","port":"http"}""");
            rendered.Container["readinessProbe"]!["httpGet"]!.ToJsonString().Should().Be("""{"path":"/readyz","port":"http"}""");
            rendered.Container["ports"]!.AsArray().Should().Contain(p => (string?)p!["name"] == "http" && (long)p["containerPort"]! == 8080);
            rendered.Container["image"]!.GetValue<string>().Should().Be("ghcr.io/tdcc-mesh/tdcc:0.1.0");
            rendered.Container["resources"]!["requests"].Should().NotBeNull();
            pod["serviceAccountName"]!.GetValue<string>().Should().Be(Name(rendered.Single("ServiceAccount")));
            var pdb = rendered.Single("PodDisruptionBudget");
            pdb["spec"]!["minAvailable"]!.GetValue<long>().Should().Be(1);
            pdb["spec"]!["selector"]!.ToJsonString().Should().Be(rendered.Single("Deployment")["spec"]!["selector"]!.ToJsonString());
        }
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_EitherMode_RunsWithTheProductsRuntimeSettings()
    {
        foreach (var rendered in new[] { await Helm.TemplateAsync("tdcc-hub", ChartValues.Hub), await Helm.TemplateAsync("tdcc-agent", ChartValues.Agent) })
        {
            var env = rendered.Container["env"]!.AsArray()
                .Where(e => ((string)e!["name"]!).StartsWith("DOTNET_", StringComparison.Ordinal))
                .Select(e => new KeyValuePair<string, string>((string)e!["name"]!, (string)e["value"]!))
                .ToList();
            env.Should().Equal(RuntimeSettings.Environment, "the chart sets the runtime settings the bench measured, no more and no fewer");
        }
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_Options_ServiceMonitorOnPdbOffReplicasAndTag()
    {
        var rendered = await Helm.TemplateAsync(
            "tdcc-hub",
            [.. ChartValues.Hub, "--set", "serviceMonitor.enabled=true", "--set", "podDisruptionBudget.enabled=false", "--set", "hub.replicas=3", "--set", "image.tag=dev", "--set", "leaderElection.enabled=false"]);

        rendered.Kinds.Should().Contain("ServiceMonitor").And.NotContain("PodDisruptionBudget");
        var monitor = rendered.Single("ServiceMonitor");
        monitor["apiVersion"]!.GetValue<string>().Should().Be("monitoring.coreos.com/v1");
        monitor["spec"]!["endpoints"]![0]!["port"]!.GetValue<string>().Should().Be("http-metrics");
        rendered.Single("Deployment")["spec"]!["replicas"]!.GetValue<long>().Should().Be(3);
        rendered.Container["image"]!.GetValue<string>().Should().Be("ghcr.io/tdcc-mesh/tdcc:dev");
        rendered.Args.Should().Contain("--leader-elect=false");
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_IncludeCrds_RendersEveryCrdOfTheChartFirst()
    {
        var rendered = await Helm.TemplateAsync("tdcc-hub", ChartValues.Hub, includeCrds: true);
        var files = Directory.GetFiles(Path.Combine(Helm.ChartPath, "crds"), "*.yaml");

        files.Should().HaveCountGreaterThan(10);
        rendered.Kinds.Take(files.Length).Should().AllBe("CustomResourceDefinition");
        rendered.OfKind("CustomResourceDefinition").Select(Name).Should().BeEquivalentTo(files.Select(Path.GetFileNameWithoutExtension));
    }

    private static string Name(JsonObject o) => o["metadata"]!["name"]!.GetValue<string>();

    private static IEnumerable<string> Names(RenderedChart rendered, string kind) => rendered.OfKind(kind).Select(Name);

    private static JsonObject Labels(JsonObject o) => o["metadata"]!["labels"]!.AsObject();

    private static List<string> Strings(JsonObject o, string field) => o[field]?.AsArray().Select(x => (string)x!).ToList() ?? [];

    private static object Port(JsonObject service, string name)
    {
        var port = service["spec"]!["ports"]!.AsArray().Single(p => (string?)p!["name"] == name)!;
        return new { Port = (long)port["port"]!, TargetPort = (string)port["targetPort"]!, Protocol = (string)port["protocol"]! };
    }

    private static Dictionary<string, string> DownwardApi(RenderedChart rendered) =>
        rendered.Container["env"]!.AsArray()
            .Where(e => e!["valueFrom"]?["fieldRef"] is not null)
            .ToDictionary(e => (string)e!["name"]!, e => (string)e!["valueFrom"]!["fieldRef"]!["fieldPath"]!);

    /// <summary>True when a rule of <paramref name="role"/> (without resourceNames) allows the verb.</summary>
    private static bool Allows(JsonObject role, string group, string resource, string verb) =>
        role["rules"]!.AsArray().Select(r => r!.AsObject()).Any(rule =>
            rule["resourceNames"] is null
            && Strings(rule, "apiGroups").Contains(group)
            && Strings(rule, "resources").Contains(resource)
            && Strings(rule, "verbs").Contains(verb));
}
