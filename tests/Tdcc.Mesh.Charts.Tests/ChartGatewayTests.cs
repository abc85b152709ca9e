using System.Text.Json.Nodes;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Charts.Tests;

/// <summary>What <c>helm template</c> renders for an agent with its east-west gateway (<c>gateway.enabled</c>).</summary>
[Trait("Peer", "helm")]
public sealed class ChartGatewayTests
{
    private static readonly IReadOnlyList<string> AgentWithGateway =
    [
        .. ChartValues.Agent,
        "--set", "gateway.enabled=true",
        "--set", "gateway.xdsServer=http://hub-xds.example:15010",
        "--set", "gateway.advertisedAddress=203.0.113.7",
        "--set", "agent.addressing=Gateway",
        "--set", "agent.gatewayLocalAddress=10.0.0.9",
    ];

    [PeerFact(Helm.Peer)]
    public async Task Template_AgentWithGateway_GatewayDeploymentServiceAndItsOwnLeastRbac()
    {
        var rendered = await Helm.TemplateAsync("tdcc-agent", AgentWithGateway);

        var gateway = rendered.OfKind("Deployment").Single(d => Component(d) == "gateway");
        gateway["metadata"]!["name"]!.GetValue<string>().Should().Be("tdcc-agent-gateway");
        var pod = gateway["spec"]!["template"]!["spec"]!;
        pod["serviceAccountName"]!.GetValue<string>().Should().Be("tdcc-agent-gateway", "the gateway has its own ServiceAccount, not the agent's");
        var args = pod["containers"]![0]!["args"]!.AsArray().Select(a => (string)a!).ToList();
        args[0].Should().Be("gateway");
        args.Should().Contain(["--cluster-name=east", "--hub-server=https://hub.example:6443", "--xds-server=http://hub-xds.example:15010", "--tunnel-address=0.0.0.0:15443", "--outbound-address=0.0.0.0", "--http-address=$(POD_IP):15021"]);
        gateway["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/component"]!.GetValue<string>().Should().Be("gateway");

        var service = rendered.OfKind("Service").Single(s => (string?)s["metadata"]!["name"] == "tdcc-agent-gateway");
        service["spec"]!["type"]!.GetValue<string>().Should().Be("LoadBalancer");
        service["spec"]!["ports"]![0]!["port"]!.GetValue<long>().Should().Be(15443);

        var role = rendered.OfKind("Role").Single(r => (string?)r["metadata"]!["name"] == "tdcc-agent-gateway");
        var rule = role["rules"]!.AsArray().Should().ContainSingle("it reads the agent's stored hub credentials and nothing else").Subject!;
        rule["resources"]!.AsArray().Select(r => (string)r!).Should().Equal("secrets");
        rule["resourceNames"]!.AsArray().Select(r => (string)r!).Should().Equal("tdcc-hub-credentials");
        rule["verbs"]!.AsArray().Select(r => (string)r!).Should().Equal("get");

        var agent = rendered.OfKind("Deployment").Single(d => Component(d) == "agent");
        var agentArgs = agent["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => (string)a!).ToList();
        agentArgs.Should().Contain(["--gateway-address=203.0.113.7", "--gateway-port=15443", "--addressing=Gateway", "--gateway-local-address=10.0.0.9"]);
        rendered.OfKind("PodDisruptionBudget").Single()["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/component"]!.GetValue<string>()
            .Should().Be("agent", "the agent's selectors never select the gateway's pods");
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_GatewayHostNetworkLike_NoServiceAndListensOnTheGivenAddress()
    {
        var rendered = await Helm.TemplateAsync("tdcc-agent", [.. AgentWithGateway, "--set", "gateway.service.enabled=false", "--set", "gateway.listenAddress=100.64.0.11", "--set", "gateway.httpAddress=0.0.0.0"]);

        rendered.OfKind("Service").Should().NotContain(s => (string?)s["metadata"]!["name"] == "tdcc-agent-gateway");
        var args = rendered.OfKind("Deployment").Single(d => Component(d) == "gateway")["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => (string)a!);
        args.Should().Contain(["--tunnel-address=100.64.0.11:15443", "--outbound-address=100.64.0.11", "--http-address=0.0.0.0:15021"]);
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_GatewayReverseTunnel_FlagOnlyWhenAsked()
    {
        var plain = await Helm.TemplateAsync("tdcc-agent", AgentWithGateway);
        var behindNat = await Helm.TemplateAsync("tdcc-agent", [.. AgentWithGateway, "--set", "gateway.reverseTunnel=true"]);

        GatewayArgs(plain).Should().NotContain(a => a.StartsWith("--reverse-tunnel", StringComparison.Ordinal), "a gateway that can be dialled dials no reverse tunnels");
        GatewayArgs(behindNat).Should().Contain("--reverse-tunnel=true");
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_GatewayIngress_FlagsPortsServiceAndControllerRbac()
    {
        var plain = await Helm.TemplateAsync("tdcc-agent", AgentWithGateway);
        var ingress = await Helm.TemplateAsync("tdcc-agent", [.. AgentWithGateway, "--set", "gateway.ingress.enabled=true", "--set", "gateway.ingress.statusAddresses={203.0.113.8}"]);

        GatewayArgs(plain).Should().NotContain(a => a.StartsWith("--ingress", StringComparison.Ordinal), "ingress is off by default");
        plain.Objects.Should().NotContain(o => (string?)o["metadata"]!["name"] == "tdcc-agent-gateway-ingress");
        GatewayArgs(ingress).Should().Contain(["--ingress=true", "--ingress-address=0.0.0.0", "--ingress-status-address=203.0.113.8"]);
        var container = ingress.OfKind("Deployment").Single(d => Component(d) == "gateway")["spec"]!["template"]!["spec"]!["containers"]![0]!;
        container["ports"]!.AsArray().Select(p => (long)p!["containerPort"]!).Should().Contain([80L, 443L]);
        var service = ingress.OfKind("Service").Single(s => (string?)s["metadata"]!["name"] == "tdcc-agent-gateway-ingress");
        service["spec"]!["ports"]!.AsArray().Select(p => (long)p!["port"]!).Should().Equal(80L, 443L);
        var role = ingress.OfKind("ClusterRole").Single(r => (string?)r["metadata"]!["name"] == "tdcc-agent-gateway-ingress");
        role.ToJsonString().Should().Contain("httproutes/status").And.Contain("serviceimports").And.Contain("endpointslices");
        var binding = ingress.OfKind("ClusterRoleBinding").Single(r => (string?)r["metadata"]!["name"] == "tdcc-agent-gateway-ingress");
        binding["subjects"]![0]!["name"]!.GetValue<string>().Should().Be("tdcc-agent-gateway");
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_GatewayWithoutXdsServer_FailsNamingTheValue()
    {
        var error = await Helm.TemplateFailsAsync([.. ChartValues.Agent, "--set", "gateway.enabled=true"]);

        error.Should().Contain("gateway.xdsServer is required");
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_AgentWithoutGateway_NoGatewayObjectsAndFlatAddressing()
    {
        var rendered = await Helm.TemplateAsync("tdcc-agent", ChartValues.Agent);

        rendered.Objects.Should().NotContain(o => Component(o) == "gateway");
        rendered.Args.Should().Contain("--addressing=Flat").And.NotContain(a => a.StartsWith("--gateway-", StringComparison.Ordinal));
    }

    private static string? Component(JsonObject o) => (string?)o["metadata"]!["labels"]?["app.kubernetes.io/component"];

    private static List<string> GatewayArgs(RenderedChart rendered) =>
        [.. rendered.OfKind("Deployment").Single(d => Component(d) == "gateway")["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => (string)a!)];
}
