using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tdcc.Mesh.Cli.Commands;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

/// <summary><c>tdcc xds bootstrap</c> against an endpoints.json written by the test (no sandbox needed).</summary>
public sealed class XdsBootstrapCommandTests : IAsyncLifetime
{
    private const string Xds = "http://127.0.0.1:35819";
    private readonly string _directory = Directory.CreateTempSubdirectory("tdcc-xds-bootstrap-").FullName;

    public async Task InitializeAsync()
    {
        ClusterEndpoints Cluster(string name, string role) => new()
        {
            Name = name,
            Role = role,
            ApiServer = "http://127.0.0.1:1",
            ServiceCidr = "127.9.128.0/17",
            Xds = Xds,
        };

        await new SandboxEndpoints
        {
            Pid = Environment.ProcessId,
            Kubeconfig = Path.Combine(_directory, "kubeconfig"),
            Clusters = [Cluster("hub", "hub"), Cluster("east", "member"), Cluster("west", "member")],
        }.WriteAsync(Path.Combine(_directory, SandboxEndpoints.FileName));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Bootstrap_Member_PrintsBootstrapWithSandboxServerAndLocality()
    {
        var (exit, output) = await RunAsync("xds", "bootstrap", "--cluster", "west", "--dir", _directory);

        exit.Should().Be(XdsBootstrapCommand.ExitOk, output);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        root.GetProperty("xds_servers")[0].GetProperty("server_uri").GetString().Should().Be("127.0.0.1:35819");
        var node = root.GetProperty("node");
        node.GetProperty("id").GetString().Should().MatchRegex("^west-cli-[0-9a-f]{6}$");
        node.GetProperty("cluster").GetString().Should().Be("west");
        node.GetProperty("locality").GetProperty("region").GetString().Should().Be("west");
        node.GetProperty("locality").GetProperty("zone").GetString().Should().Be("west-a");
        node.TryGetProperty("metadata", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Bootstrap_RoleNodeIdAndOutput_WritesFileWithTdccRole()
    {
        var file = Path.Combine(_directory, "east-gw.json");

        var (exit, output) = await RunAsync("xds", "bootstrap", "--cluster", "east", "--dir", _directory, "--role", "east-west-gateway", "--node-id", "east-west-gateway-east-0", "--output", file);

        exit.Should().Be(XdsBootstrapCommand.ExitOk, output);
        output.Should().Contain("east-west-gateway-east-0").And.Contain(file);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        var node = json.RootElement.GetProperty("node");
        node.GetProperty("id").GetString().Should().Be("east-west-gateway-east-0");
        node.GetProperty("metadata").GetProperty("TDCC_ROLE").GetString().Should().Be("east-west-gateway");
    }

    [Fact]
    public async Task Bootstrap_ServerOption_UsedWithoutSandbox()
    {
        var empty = Path.Combine(_directory, "none");

        var (exit, output) = await RunAsync("xds", "bootstrap", "--cluster", "north", "--dir", empty, "--server", "10.0.0.7:18000");

        exit.Should().Be(XdsBootstrapCommand.ExitOk, output);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("xds_servers")[0].GetProperty("server_uri").GetString().Should().Be("10.0.0.7:18000");
        json.RootElement.GetProperty("node").GetProperty("cluster").GetString().Should().Be("north");
    }

    [Theory]
    [InlineData("north")]
    [InlineData("hub")]
    public async Task Bootstrap_NotAMember_ExitOneListingTheMembers(string cluster)
    {
        var (exit, output) = await RunAsync("xds", "bootstrap", "--cluster", cluster, "--dir", _directory);

        exit.Should().Be(XdsBootstrapCommand.ExitFailed);
        output.Should().Contain($"'{cluster}' is not a member cluster").And.Contain("members: east, west");
    }

    [Fact]
    public async Task Bootstrap_NoEndpointsJson_ExitTwoSayingMakeRun()
    {
        var (exit, output) = await RunAsync("xds", "bootstrap", "--cluster", "west", "--dir", Path.Combine(_directory, "none"));

        exit.Should().Be(XdsBootstrapCommand.ExitNoServer);
        output.Should().Contain("No sandbox is running").And.Contain("make run");
    }

    [Fact]
    public async Task Bootstrap_MalformedServer_ExitTwo()
    {
        var (exit, output) = await RunAsync("xds", "bootstrap", "--cluster", "west", "--server", "ftp://x");

        exit.Should().Be(XdsBootstrapCommand.ExitNoServer);
        output.Should().Contain("ftp://x");
    }

    [Fact]
    public async Task Bootstrap_OutputNotWritable_ExitOne()
    {
        var (exit, output) = await RunAsync("xds", "bootstrap", "--cluster", "west", "--dir", _directory, "--output", Path.Combine(_directory, "missing", "b.json"));

        exit.Should().Be(XdsBootstrapCommand.ExitFailed);
        output.Should().Contain("Cannot write");
    }

    [Theory]
    [InlineData("--role", "sidecar")]
    [InlineData("--dir", ".sandbox")]
    public async Task Bootstrap_UnknownRoleOrNoCluster_ParseError(string option, string value)
    {
        var (exit, _) = await RunAsync("xds", "bootstrap", option, value);

        exit.Should().NotBe(XdsBootstrapCommand.ExitOk);
    }

    [Fact]
    public void DefaultNodeId_TwoCalls_Differ()
    {
        XdsBootstrapCommand.DefaultNodeId("west").Should().NotBe(XdsBootstrapCommand.DefaultNodeId("west"));
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 240;
        var exit = await new RootCommand { XdsCommand.Create(console) }.Parse(args).InvokeAsync(new InvocationConfiguration { Error = TextWriter.Null, Output = TextWriter.Null });
        return (exit, writer.ToString());
    }
}
