using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.Cli.Commands;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

/// <summary>
/// <c>tdcc sandbox status</c> with its output redirected (piped into a file or a log), on the console
/// <see cref="TerminalConsole"/> gives a process whose stdout is not a terminal.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class RedirectedOutputTests(SandboxFixture sandbox, ITestOutputHelper log)
{
    [Fact]
    public async Task Status_Redirected_NoAnsiAndEveryAddressOnOneLine()
    {
        var (exit, output) = await RunAsync(null, "sandbox", "status", "--dir", sandbox.Directory);

        log.WriteLine(output);
        exit.Should().Be(0, output);
        output.Should().NotContain("\u001b", "no ANSI escape codes when stdout is not a terminal");
        var endpoints = await SandboxHost.ReadEndpointsAsync(sandbox.Directory);
        foreach (var cluster in endpoints!.Clusters)
        {
            var row = output.Split('\n').Where(line => line.Contains(cluster.ApiServer, StringComparison.Ordinal)).Should().ContainSingle($"{cluster.Name}'s row holds its URL unbroken").Subject;
            row.Should().Contain(cluster.ServiceCidr).And.Contain(cluster.Name).And.Contain("ok");
            if (cluster.PodCidr is not null)
            {
                row.Should().Contain(cluster.PodCidr);
            }
        }
    }

    [Fact]
    public async Task Status_ColumnsSet_TableFitsThatWidth()
    {
        var (exit, output) = await RunAsync("90", "sandbox", "status", "--dir", sandbox.Directory);

        exit.Should().Be(0, output);
        output.Split('\n').Should().OnlyContain(line => line.TrimEnd('\r').Length <= 90);
    }

    [Fact]
    public async Task Status_OutputJson_ParsesWithEveryCluster()
    {
        var (exit, output) = await RunAsync(null, "sandbox", "status", "--dir", sandbox.Directory, "-o", "json");

        exit.Should().Be(0, output);
        using var json = JsonDocument.Parse(output);
        var clusters = json.RootElement.GetProperty("clusters").EnumerateArray().ToList();
        clusters.Select(c => c.GetProperty("name").GetString()).Should().Equal("hub", "east", "west");
        clusters.Should().OnlyContain(c => c.GetProperty("ready").GetString() == "ok");
        clusters[1].GetProperty("apiServer").GetString().Should().Be(sandbox.East.ApiServer.GetLeftPart(UriPartial.Authority));
    }

    [Fact]
    public async Task Status_OutputYaml_ParsesToTheSameDocumentAsJson()
    {
        var (_, json) = await RunAsync(null, "sandbox", "status", "--dir", sandbox.Directory, "-o", "json");
        var (exit, yaml) = await RunAsync(null, "sandbox", "status", "--dir", sandbox.Directory, "-o", "yaml");

        log.WriteLine(yaml);
        exit.Should().Be(0, yaml);
        yaml.Should().NotContain("\u001b");
        var fromYaml = YamlToJson.ConvertObject(yaml);
        fromYaml["clusters"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).Should().Equal("hub", "east", "west");
        fromYaml["clusters"]![0]!["podCidr"].Should().BeNull("the hub has no pods: null, not the string \"null\"");
        JsonNode.DeepEquals(fromYaml, JsonNode.Parse(json)).Should().BeTrue("the YAML holds what the JSON holds");
    }

    [Fact]
    public void ToYaml_StringsThatLookLikeOtherTypes_QuotedSoTheyReadBackAsStrings()
    {
        var document = new JsonObject
        {
            ["yes"] = "true",
            ["number"] = "8080",
            ["empty"] = string.Empty,
            ["none"] = "null",
            ["url"] = "http://127.0.0.1:8080",
            ["cidr"] = "127.9.128.0/17",
            ["time"] = "20:31",
            ["real"] = 42,
            ["date"] = new DateTimeOffset(2026, 12, 6, 20, 0, 0, TimeSpan.Zero),
            ["flag"] = false,
            ["list"] = new JsonArray("a", 1, null),
        };

        var back = YamlToJson.ConvertObject(StructuredOutput.ToYaml(document));

        JsonNode.DeepEquals(back, JsonNode.Parse(document.ToJsonString())).Should().BeTrue(back.ToJsonString());
    }

    [Fact]
    public void Create_Redirected_NoAnsiAndNoWidthLimitUnlessColumns()
    {
        using var writer = new StringWriter();

        var piped = TerminalConsole.Create(writer, redirected: true, columns: null);
        var narrowed = TerminalConsole.Create(writer, redirected: true, columns: "120");
        var garbage = TerminalConsole.Create(writer, redirected: true, columns: "wide");

        piped.Profile.Capabilities.Ansi.Should().BeFalse();
        piped.Profile.Width.Should().Be(TerminalConsole.UnlimitedWidth);
        narrowed.Profile.Width.Should().Be(120);
        garbage.Profile.Width.Should().Be(TerminalConsole.UnlimitedWidth);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string? columns, params string[] args)
    {
        using var writer = new StringWriter();
        var console = TerminalConsole.Create(writer, redirected: true, columns);
        var exit = await new RootCommand { SandboxCommand.Create(console) }.Parse(args).InvokeAsync();
        return (exit, writer.ToString());
    }
}
