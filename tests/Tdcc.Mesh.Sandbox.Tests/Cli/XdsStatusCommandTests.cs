using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Service.Discovery.V3;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.Cli.Commands;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Grpc.Client;
using Tdcc.Mesh.Testing;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Server;
using Tdcc.Mesh.Xds.Status;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

/// <summary><c>tdcc xds status</c> against a real xDS server on Kestrel h2c, with one ADS stream that ACKs CDS and NACKs EDS.</summary>
public sealed class XdsStatusCommandTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const string NackDetail = "ClusterLoadAssignment echo: locality weight 0 is not allowed";
    private WebApplication _app = null!;
    private IGrpcChannel _channel = null!;
    private IDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse> _call = null!;
    private readonly CancellationTokenSource _cancel = new();

    private Uri Server { get; set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(NodeHashes.ById);
        builder.Services.AddXds();
        _app = builder.Build();
        _app.MapXds();
        await _app.StartAsync();
        Server = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        var cache = _app.Services.GetRequiredService<ISnapshotCache>();
        cache.SetSnapshot("west-1", Snapshot.Create(new Google.Protobuf.IMessage[]
        {
            new Cluster { Name = "echo", Type = Cluster.Types.DiscoveryType.Eds },
            new ClusterLoadAssignment { ClusterName = "echo" },
        }));

        // One SotW stream: CDS requested and ACKed, EDS requested and NACKed.
        _channel = GrpcChannel.ForAddress(Server);
        _call = _channel.DuplexStreaming(new GrpcMethod<DiscoveryRequest, DiscoveryResponse>(XdsMethods.StreamAggregatedResources), cancellationToken: _cancel.Token);
        var node = new Node { Id = "west-1", Cluster = "west", Locality = new Locality { Region = "us-west", Zone = "us-west-2b" } };
        var cds = await ExchangeAsync(Request(TypeUrls.Cluster, node: node));
        await _call.RequestStream.WriteAsync(Request(TypeUrls.Cluster, version: cds.VersionInfo, nonce: cds.Nonce));
        var eds = await ExchangeAsync(Request(TypeUrls.ClusterLoadAssignment));
        var nack = Request(TypeUrls.ClusterLoadAssignment, nonce: eds.Nonce);
        nack.ErrorDetail = new Google.Rpc.Status { Code = 3, Message = NackDetail };
        await _call.RequestStream.WriteAsync(nack);

        var status = _app.Services.GetRequiredService<IXdsStatus>();
        await Eventually.TrueAsync(
            () => Task.FromResult(status.GetStatus().Nodes.Any(n => n.Types.Any(t => t.ErrorDetail is not null) && n.Types.Any(t => t.VersionAcked is not null))),
            "the ACK and the NACK recorded",
            TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        await _cancel.CancelAsync();
        _call.Dispose();
        _channel.Dispose();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
        _cancel.Dispose();
    }

    [Fact]
    public async Task Status_ConnectedNodeNacking_TableShowsNodeAndNackDetail()
    {
        var (exit, output) = await RunAsync("xds", "status", "--server", Server.ToString());

        log.WriteLine(output);
        exit.Should().Be(0, output);
        output.Should().Contain("west-1").And.Contain("us-west/us-west-2b").And.Contain("SotW")
            .And.Contain("CDS").And.Contain("EDS").And.Contain("NACK").And.Contain(NackDetail)
            .And.Contain("1 node, 1 NACKing");
    }

    [Fact]
    public async Task Status_OutputJson_PrintsTheStatusView()
    {
        var (exit, output) = await RunAsync("xds", "status", "--server", Server.ToString(), "--output", "json");

        exit.Should().Be(0, output);
        using var json = JsonDocument.Parse(output);
        var node = json.RootElement.GetProperty("nodes")[0];
        node.GetProperty("nodeId").GetString().Should().Be("west-1");
        node.GetProperty("types").EnumerateArray().Select(t => t.TryGetProperty("errorDetail", out var d) ? d.GetString() : null)
            .Should().Contain(NackDetail);
    }

    [Fact]
    public async Task Status_NodeNotConnected_ExitOneNamingTheConnectedNodes()
    {
        var (exit, output) = await RunAsync("xds", "status", "--server", Server.ToString(), "--node", "east-9");

        exit.Should().Be(1);
        output.Should().Contain("east-9").And.Contain("west-1");
    }

    [Fact]
    public async Task Status_NoEndpointsJson_ExitTwoSayingMakeRun()
    {
        var empty = Directory.CreateTempSubdirectory("tdcc-xds-empty-").FullName;
        try
        {
            var (exit, output) = await RunAsync("xds", "status", "--dir", empty);

            exit.Should().Be(2);
            output.Should().Contain("No sandbox is running").And.Contain("make run");
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task Status_ServerUnreachable_ExitOneNamingTheUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var closed = $"http://127.0.0.1:{port}/";

        var (exit, output) = await RunAsync("xds", "status", "--server", closed);

        exit.Should().Be(1);
        output.Should().Contain(closed);
    }

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(42, "42s ago")]
    [InlineData(187, "3m07s ago")]
    [InlineData(7500, "2h05m ago")]
    [InlineData(356400, "4d03h ago")]
    public void Age_Seconds_Relative(double seconds, string expected)
    {
        XdsStatusTable.Age(TimeSpan.FromSeconds(seconds)).Should().Be(expected);
    }

    [Fact]
    public void OneLine_LongMultilineDetail_CollapsedAndCut()
    {
        var detail = "first line\n\n   second\tline " + new string('x', 500);

        var line = XdsStatusTable.OneLine(detail);

        line.Should().StartWith("first line second line x").And.EndWith("…").And.NotContain("\n");
        line.Length.Should().Be(XdsStatusTable.MaxErrorDetail);
    }

    [Theory]
    [InlineData("0123456789abcdef", "01234567")]
    [InlineData("0123456789abcdef+prev", "01234567+prev")]
    [InlineData("v1", "v1")]
    [InlineData(null, "-")]
    public void ShortVersion_Version_Shortened(string? version, string expected)
    {
        XdsStatusTable.ShortVersion(version).Should().Be(expected);
    }

    [Fact]
    public async Task Status_NarrowConsole_NackDetailWrapsInsideTheTable()
    {
        var (exit, output) = await RunWithWidthAsync(100, "xds", "status", "--server", Server.ToString(), "--node", "west-1");

        log.WriteLine(output);
        exit.Should().Be(0, output);
        output.Split('\n').Should().OnlyContain(line => line.TrimEnd('\r').Length <= 100);
        output.Should().Contain("west-1").And.Contain("locality weight 0");
    }

    [Fact]
    public async Task Status_Redirected_NoAnsiAndEveryCellOnOneLine()
    {
        using var writer = new StringWriter();
        var console = TerminalConsole.Create(writer, redirected: true, columns: null);

        var exit = await new RootCommand { XdsCommand.Create(console) }.Parse(["xds", "status", "--server", Server.ToString()]).InvokeAsync();

        var output = writer.ToString();
        log.WriteLine(output);
        exit.Should().Be(0, output);
        output.Should().NotContain("\u001b");
        output.Split('\n').Should().Contain(line => line.Contains("CDS", StringComparison.Ordinal) && line.Contains("ACKed", StringComparison.Ordinal), "the state column is not squeezed to one letter per line");
        output.Split('\n').Should().Contain(line => line.Contains("west-1", StringComparison.Ordinal) && line.Contains("us-west/us-west-2b", StringComparison.Ordinal));
        output.Should().Contain(NackDetail);
    }

    [Fact]
    public async Task Status_OutputYaml_ParsesToTheStatusView()
    {
        var (exit, output) = await RunAsync("xds", "status", "--server", Server.ToString(), "--output", "yaml");

        exit.Should().Be(0, output);
        var node = YamlToJson.ConvertObject(output)["nodes"]![0]!;
        node["nodeId"]!.GetValue<string>().Should().Be("west-1");
        node["types"]!.AsArray().Select(t => t?["errorDetail"]?.GetValue<string>()).Should().Contain(NackDetail);
    }

    private static Task<(int Exit, string Output)> RunAsync(params string[] args) => RunWithWidthAsync(240, args);

    private static async Task<(int Exit, string Output)> RunWithWidthAsync(int width, params string[] args)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;
        var exit = await new RootCommand { XdsCommand.Create(console) }.Parse(args).InvokeAsync();
        return (exit, writer.ToString());
    }

    private static DiscoveryRequest Request(string typeUrl, string version = "", string nonce = "", Node? node = null)
    {
        var request = new DiscoveryRequest { TypeUrl = typeUrl, VersionInfo = version, ResponseNonce = nonce, Node = node };
        request.ResourceNames.Add("echo");
        return request;
    }

    private async Task<DiscoveryResponse> ExchangeAsync(DiscoveryRequest request)
    {
        await _call.RequestStream.WriteAsync(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        (await _call.ResponseStream.MoveNextAsync(timeout.Token)).Should().BeTrue();
        return _call.ResponseStream.Current;
    }
}
