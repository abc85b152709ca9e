using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.Cli.Commands;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

/// <summary>
/// <c>kubectl tdcc</c> (clusters, exports, imports, join, diagnose) run in-process through the System.CommandLine root
/// against a sandbox with the demo, given only the kubeconfig the sandbox wrote.
/// </summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
public sealed class KubectlTdccTests(KubectlTdccFixture fixture, ITestOutputHelper log) : IClassFixture<KubectlTdccFixture>
{
    [Fact]
    public async Task Clusters_HubContext_MembersReadyWithRegionCapacityAndLastSeen()
    {
        await WaitForMembersReadyAsync();

        var (exit, output) = await RunAsync("clusters", "--kubeconfig", fixture.Kubeconfig, "--context", "hub");

        log.WriteLine(output);
        exit.Should().Be(0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex("^NAME +STATUS +REGION/ZONE +NODES +CPU +MEMORY +LAST SEEN +AGE");
        foreach (var member in new[] { "east", "west" })
        {
            var row = lines.Should().ContainSingle(l => l.StartsWith(member + " ", StringComparison.Ordinal)).Subject;
            row.Should().MatchRegex($"^{member} +Ready +{member}/\\S+ +3 +\\S+ +\\S+ +\\d+s +\\S+", "Ready, its region label, 3 nodes, capacity, a heartbeat seconds ago");
        }
    }

    [Fact]
    public async Task Clusters_OutputJson_StatusCapacityLastSeenPerMember()
    {
        await WaitForMembersReadyAsync();

        var (exit, output) = await RunAsync("clusters", "--kubeconfig", fixture.Kubeconfig, "--context", "hub", "-o", "json");

        exit.Should().Be(0, output);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("hub").GetString().Should().Be("hub");
        var clusters = json.RootElement.GetProperty("clusters").EnumerateArray().ToList();
        clusters.Select(c => c.GetProperty("name").GetString()).Should().Equal("east", "west");
        foreach (var cluster in clusters)
        {
            cluster.GetProperty("status").GetString().Should().Be("Ready");
            cluster.GetProperty("nodes").GetInt32().Should().Be(3);
            cluster.GetProperty("capacity").GetProperty("cpu").GetString().Should().NotBeNullOrEmpty();
            var lastSeen = cluster.GetProperty("lastSeen").GetDateTimeOffset();
            lastSeen.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
            cluster.GetProperty("conditions").EnumerateArray().Select(c => c.GetProperty("type").GetString()).Should().Contain("Ready");
        }
    }

    [Fact]
    public async Task Clusters_MemberContext_SaysNotAHubExitOne()
    {
        var (exit, output) = await RunAsync("clusters", "--kubeconfig", fixture.Kubeconfig, "--context", "east");

        log.WriteLine(output);
        exit.Should().Be(1, output);
        output.Should().Contain("context east is not a TDCC hub: ").And.Contain("ManagedCluster");
    }

    [Fact]
    public async Task Clusters_UnknownContext_KubeconfigErrorExitTwo()
    {
        var (exit, output) = await RunAsync("clusters", "--kubeconfig", fixture.Kubeconfig, "--context", "nowhere");

        exit.Should().Be(2, output);
        output.Should().Contain("context 'nowhere' is not defined");
    }

    [Fact]
    public async Task Exports_EastDemo_EchoValidReadyNoConflict()
    {
        await WaitForExportReadyAsync();

        var (exit, output) = await RunAsync("exports", "-n", "demo", "--kubeconfig", fixture.Kubeconfig, "--context", "east");

        log.WriteLine(output);
        exit.Should().Be(0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex("^NAME +VALID +READY +CONFLICT +AGE +MESSAGE");
        lines.Should().ContainSingle(l => Regex.IsMatch(l, "^echo +True +True +False +\\S+ +-"));
    }

    [Fact]
    public async Task Exports_AllNamespacesJson_EchoWithConditions()
    {
        await WaitForExportReadyAsync();

        var (exit, output) = await RunAsync("exports", "-A", "--kubeconfig", fixture.Kubeconfig, "--context", "east", "-o", "json");

        exit.Should().Be(0, output);
        using var json = JsonDocument.Parse(output);
        var echo = json.RootElement.GetProperty("exports").EnumerateArray().Should().ContainSingle(e => e.GetProperty("name").GetString() == "echo").Subject;
        echo.GetProperty("namespace").GetString().Should().Be("demo");
        echo.GetProperty("valid").GetString().Should().Be("True");
        echo.GetProperty("ready").GetString().Should().Be("True");
        echo.GetProperty("conflict").GetString().Should().Be("False");
        echo.GetProperty("problems").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Imports_WestAllNamespaces_EchoClusterSetIpPortsFromEast()
    {
        var import = await WaitForImportAsync();

        var (exit, output) = await RunAsync("imports", "-A", "--kubeconfig", fixture.Kubeconfig, "--context", "west");

        log.WriteLine(output);
        exit.Should().Be(0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex("^NAMESPACE +NAME +TYPE +IP +PORTS +CLUSTERS +AGE");
        var ip = Regex.Escape(import.Spec!.Ips!.Value.Single());
        lines.Should().ContainSingle(l => Regex.IsMatch(l, $"^demo +echo +ClusterSetIP +{ip} +\\S*8080/TCP\\S* +east +\\S+"));
    }

    [Fact]
    public async Task Imports_OutputYaml_SameFactsAsJson()
    {
        await WaitForImportAsync();

        var (_, json) = await RunAsync("imports", "-n", "demo", "--kubeconfig", fixture.Kubeconfig, "--context", "west", "-o", "json");
        var (exit, yaml) = await RunAsync("imports", "-n", "demo", "--kubeconfig", fixture.Kubeconfig, "--context", "west", "-o", "yaml");

        exit.Should().Be(0, yaml);
        var fromYaml = YamlToJson.ConvertObject(yaml);
        System.Text.Json.Nodes.JsonNode.DeepEquals(fromYaml, System.Text.Json.Nodes.JsonNode.Parse(json)).Should().BeTrue(yaml);
        var echo = fromYaml["imports"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "echo")!;
        echo["type"]!.GetValue<string>().Should().Be("ClusterSetIP");
        echo["clusters"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal("east");
        echo["ports"]!.AsArray().Select(p => p!["port"]!.GetValue<long>()).Should().BeEquivalentTo([8080L, 9090L]);
    }

    [Fact]
    public async Task Join_Hub_PrintsContractHelmLineWithTokenStoredOnHub()
    {
        var (exit, output) = await RunAsync("join", "north", "--kubeconfig", fixture.Kubeconfig, "--context", "hub");

        log.WriteLine(output);
        exit.Should().Be(0, output);
        var hubServer = Regex.Escape(fixture.Hub.ApiServer.GetLeftPart(UriPartial.Authority));
        var match = Regex.Match(output, "^helm install tdcc-agent charts/tdcc-mesh --namespace tdcc-system --create-namespace \\\\\n"
            + $"  --set mode=agent --set agent.clusterName=north --set agent.hubServer={hubServer} --set agent.bootstrapToken=(?<id>[a-z0-9]{{6}})\\.(?<secret>[a-z0-9]{{16}})\n$");
        match.Success.Should().BeTrue($"the output is the helm line of docs/operator.md: {output}");
        var secret = await fixture.Hub.Client.Resource<Secret>().GetAsync("kube-system", "bootstrap-token-" + match.Groups["id"].Value);
        secret.Should().NotBeNull("the token exists on the hub");
        secret!.Type.Should().Be("bootstrap.kubernetes.io/token");
        Decode(secret, "token-secret").Should().Be(match.Groups["secret"].Value);
        var expires = DateTimeOffset.Parse(Decode(secret, "expiration")!, CultureInfo.InvariantCulture);
        expires.Should().BeCloseTo(DateTimeOffset.UtcNow.AddHours(1), TimeSpan.FromMinutes(1), "--ttl defaults to 1h");
    }

    [Fact]
    public async Task Join_OutputJsonWithHubServerAndTtl_TokenExpiresAndHelmCommand()
    {
        var (exit, output) = await RunAsync("join", "south", "--hub-server", "https://hub.example:6443", "--ttl", "2h30m", "--kubeconfig", fixture.Kubeconfig, "--context", "hub", "-o", "json");

        exit.Should().Be(0, output);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var token = root.GetProperty("token").GetString()!;
        token.Should().MatchRegex("^[a-z0-9]{6}\\.[a-z0-9]{16}$");
        root.GetProperty("hubServer").GetString().Should().Be("https://hub.example:6443");
        root.GetProperty("expires").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow.AddMinutes(150), TimeSpan.FromMinutes(1));
        root.GetProperty("helmCommand").GetString().Should().Be(
            "helm install tdcc-agent charts/tdcc-mesh --namespace tdcc-system --create-namespace --set mode=agent --set agent.clusterName=south "
            + $"--set agent.hubServer=https://hub.example:6443 --set agent.bootstrapToken={token}");
        (await fixture.Hub.Client.Resource<Secret>().GetAsync("kube-system", "bootstrap-token-" + token[..6])).Should().NotBeNull();
    }

    [Fact]
    public async Task Join_NameTaken_ExitOneAndNoToken()
    {
        await WaitForMembersReadyAsync();
        var before = (await fixture.Hub.Client.Resource<Secret>().ListAsync(new Kube.Client.ListOptions { Namespace = "kube-system" })).Items.Length;

        var (exit, output) = await RunAsync("join", "east", "--kubeconfig", fixture.Kubeconfig, "--context", "hub");

        exit.Should().Be(1, output);
        output.Should().Contain("a cluster named east is already registered");
        (await fixture.Hub.Client.Resource<Secret>().ListAsync(new Kube.Client.ListOptions { Namespace = "kube-system" })).Items.Length.Should().Be(before);
    }

    [Fact]
    public async Task Join_MemberContext_NotAHubExitOne()
    {
        var (exit, output) = await RunAsync("join", "north", "--kubeconfig", fixture.Kubeconfig, "--context", "west");

        exit.Should().Be(1, output);
        output.Should().Contain("context west is not a TDCC hub");
    }

    [Fact]
    public async Task Diagnose_DemoEchoInWest_EveryCheckPassesExitZero()
    {
        await WaitForMembersReadyAsync();
        await WaitForExportReadyAsync();
        var import = await WaitForImportAsync();
        await WaitForImportedEndpointsAsync();
        var dns = fixture.Endpoints.Clusters.Single(c => c.Name == "west").Dns!;

        var (exit, output) = await RunAsync("diagnose", "echo", "-n", "demo", "--kubeconfig", fixture.Kubeconfig, "--context", "west", "--hub-context", "hub", "--dns", dns);

        log.WriteLine(output);
        exit.Should().Be(0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex("^CHECK +RESULT +DETAIL");
        Row(lines, "service").Should().MatchRegex("^service +OK ");
        Row(lines, "export").Should().MatchRegex("^export +SKIP +not exported from this cluster; exported by east");
        Row(lines, "hub").Should().MatchRegex("^hub +OK +exported by east \\(Ready\\)");
        Row(lines, "import").Should().MatchRegex("^import +OK +ClusterSetIP " + Regex.Escape(import.Spec!.Ips!.Value[0]));
        Row(lines, "derived-service").Should().MatchRegex("^derived-service +OK +" + McsNames.DerivedService("demo", "echo"));
        Row(lines, "endpoints").Should().MatchRegex("^endpoints +OK +east: 3/3 ready");
        Row(lines, "dns").Should().MatchRegex("^dns +OK +echo.demo.svc.clusterset.local → " + Regex.Escape(import.Spec.Ips.Value[0]));
        lines[^1].Should().Be("demo/echo is healthy in context west");
    }

    [Fact]
    public async Task Diagnose_DemoEchoInEastJson_ExportOkAndHealthy()
    {
        await WaitForExportReadyAsync();
        await WaitForImportAsync();
        await WaitForImportedEndpointsAsync();

        var (exit, output) = await RunAsync("diagnose", "echo", "-n", "demo", "--kubeconfig", fixture.Kubeconfig, "--context", "east", "-o", "json");

        exit.Should().Be(0, output);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("healthy").GetBoolean().Should().BeTrue(output);
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("check").GetString()!, c => c.GetProperty("result").GetString());
        checks.Should().Contain("export", "OK").And.Contain("import", "OK").And.Contain("dns", "SKIP").And.NotContainKey("hub");
    }

    [Fact]
    public async Task Diagnose_ServiceNotExported_FailsAtExportExitOne()
    {
        await fixture.East.Client.Resource<Service>().CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Namespace = "demo", Name = "plain" },
            Spec = new ServiceSpec { Selector = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("app", "echo"), Ports = [new ServicePort { Port = 8080, Protocol = "TCP" }] },
        });
        try
        {
            var (exit, output) = await RunAsync("diagnose", "plain", "-n", "demo", "--kubeconfig", fixture.Kubeconfig, "--context", "east");

            log.WriteLine(output);
            exit.Should().Be(1, output);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Row(lines, "service").Should().MatchRegex("^service +OK ");
            Row(lines, "export").Should().MatchRegex("^export +FAIL +no ServiceExport demo/plain in context east: the service is not exported");
            Row(lines, "import").Should().MatchRegex("^import +FAIL ");
            Row(lines, "endpoints").Should().MatchRegex("^endpoints +SKIP ");
            lines[^1].Should().StartWith("demo/plain is NOT healthy in context east: export failed: no ServiceExport demo/plain");

            var (jsonExit, json) = await RunAsync("diagnose", "plain", "-n", "demo", "--kubeconfig", fixture.Kubeconfig, "--context", "east", "-o", "json");
            jsonExit.Should().Be(1);
            using var document = JsonDocument.Parse(json);
            document.RootElement.GetProperty("healthy").GetBoolean().Should().BeFalse();
            document.RootElement.GetProperty("checks").EnumerateArray().First(c => c.GetProperty("result").GetString() == "FAIL").GetProperty("check").GetString().Should().Be("export");
        }
        finally
        {
            await fixture.East.Client.Resource<Service>().DeleteAsync("demo", "plain");
        }
    }

    [Fact]
    public async Task ExportsAndDiagnose_ConflictingExports_ConflictWithReasonAndWarning()
    {
        await CreateExportedServiceAsync(fixture.East, sessionAffinity: "None");
        // The older export wins: east's, made first.
        await Task.Delay(1100);
        await CreateExportedServiceAsync(fixture.West, sessionAffinity: "ClientIP");
        try
        {
            await Eventually.TrueAsync(
                async () => ConditionSet.IsTrue((await fixture.West.Client.Resource<ServiceExport>().GetAsync("demo", "clash"))?.Status?.Conditions, McsConditions.Conflict),
                "west's export of demo/clash in conflict",
                TimeSpan.FromSeconds(60));

            var (exit, output) = await RunAsync("exports", "-n", "demo", "--kubeconfig", fixture.Kubeconfig, "--context", "west");

            log.WriteLine(output);
            exit.Should().Be(0, output);
            output.Split('\n').Should().ContainSingle(l => Regex.IsMatch(l, "^clash +True +True +True \\(SessionAffinityConflict\\) +\\S+ +Conflict=True \\(SessionAffinityConflict\\): .*sessionAffinity"));

            var diagnosis = await Eventually.ValueAsync(
                async () => await RunAsync("diagnose", "clash", "-n", "demo", "--kubeconfig", fixture.Kubeconfig, "--context", "west") is { Exit: 0 } run ? run.Output : null,
                "diagnose demo/clash in west healthy once both clusters' endpoints are imported",
                TimeSpan.FromSeconds(60));
            log.WriteLine(diagnosis);
            var lines = diagnosis.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Row(lines, "export").Should().MatchRegex("^export +WARN +Conflict=True \\(SessionAffinityConflict\\)");
            lines[^1].Should().Be("demo/clash is healthy in context west, with 1 warning");
        }
        finally
        {
            foreach (var member in new[] { fixture.West, fixture.East })
            {
                await member.Client.Resource<ServiceExport>().DeleteAsync("demo", "clash");
                await member.Client.Resource<Service>().DeleteAsync("demo", "clash");
            }
        }
    }

    [Fact]
    public async Task Diagnose_NoSuchService_FailsAtServiceExitOne()
    {
        var (exit, output) = await RunAsync("diagnose", "nothing", "-n", "demo", "--kubeconfig", fixture.Kubeconfig, "--context", "west");

        exit.Should().Be(1, output);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Should().StartWith("demo/nothing is NOT healthy in context west: service failed: no Service demo/nothing in context west");
    }

    [Theory]
    [InlineData("1h", 3600)]
    [InlineData("30m", 1800)]
    [InlineData("1h30m", 5400)]
    [InlineData("90s", 90)]
    [InlineData("0", 0)]
    public void TryParseDuration_GoSyntax_Parsed(string text, int seconds)
    {
        JoinCommand.TryParseDuration(text, out var duration).Should().BeTrue();
        duration.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1d")]
    [InlineData("-1h")]
    [InlineData("h")]
    public void TryParseDuration_NotADuration_False(string text) => JoinCommand.TryParseDuration(text, out _).Should().BeFalse();

    private static async Task CreateExportedServiceAsync(ISimulatedCluster member, string sessionAffinity)
    {
        await member.Client.Resource<Service>().CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Namespace = "demo", Name = "clash" },
            Spec = new ServiceSpec
            {
                Selector = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("app", "echo"),
                Ports = [new ServicePort { Name = "http", Port = 8080, Protocol = "TCP" }],
                SessionAffinity = sessionAffinity,
            },
        });
        await member.Client.Resource<ServiceExport>().CreateAsync(new ServiceExport { Metadata = new ObjectMeta { Namespace = "demo", Name = "clash" } });
    }

    private static string Row(IEnumerable<string> lines, string check) =>
        lines.Should().ContainSingle(l => l.StartsWith(check + " ", StringComparison.Ordinal), $"one {check} row").Subject;

    private static string? Decode(Secret secret, string key) =>
        secret.Data?.GetValueOrDefault(key) is { } value ? Encoding.UTF8.GetString(Convert.FromBase64String(value)) : null;

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var writer = new StringWriter();
        var console = TerminalConsole.Create(writer, redirected: true, columns: null);
        var root = new RootCommand
        {
            ClustersCommand.Create(console),
            ExportsCommand.Create(console),
            ImportsCommand.Create(console),
            JoinCommand.Create(console),
            DiagnoseCommand.Create(console),
        };
        var exit = await root.Parse(args).InvokeAsync();
        return (exit, writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private async Task WaitForMembersReadyAsync()
    {
        foreach (var member in new[] { fixture.East, fixture.West })
        {
            await Eventually.TrueAsync(
                async () => await fixture.Hub.Client.Resource<ManagedCluster>().GetAsync(null, member.Name) is { } c && ConditionSet.IsTrue(c.Status?.Conditions, ClusterConditions.Ready) && c.Status?.NodeCount is not null,
                $"ManagedCluster {member.Name} Ready with its capacity",
                TimeSpan.FromSeconds(60));
        }
    }

    private Task WaitForExportReadyAsync() => Eventually.TrueAsync(
        async () => await fixture.East.Client.Resource<ServiceExport>().GetAsync("demo", "echo") is { } e
            && ConditionSet.IsTrue(e.Status?.Conditions, McsConditions.Ready) && ConditionSet.IsTrue(e.Status?.Conditions, McsConditions.Valid)
            && ConditionSet.IsFalse(e.Status?.Conditions, McsConditions.Conflict),
        "east's ServiceExport demo/echo Valid and Ready",
        TimeSpan.FromSeconds(60));

    private Task<ServiceImport> WaitForImportAsync() => Eventually.ValueAsync(
        async () => await fixture.West.Client.Resource<ServiceImport>().GetAsync("demo", "echo") is { Spec.Ips: { Length: > 0 }, Status.Clusters: { Length: > 0 } } i ? i : null,
        "ServiceImport demo/echo in west",
        TimeSpan.FromSeconds(60));

    private Task WaitForImportedEndpointsAsync() => Eventually.TrueAsync(
        async () => (await fixture.West.Client.Resource<EndpointSlice>().ListAsync(new Kube.Client.ListOptions { Namespace = "demo", LabelSelector = $"{McsLabels.ServiceName}=echo" }))
            .Items.SelectMany(s => s.Endpoints).Count(e => e.Conditions?.Ready is not false) == 3,
        "east's 3 echo endpoints imported in west",
        TimeSpan.FromSeconds(60));
}
