using System.CommandLine;
using Tdcc.Mesh.Cli.Commands;
using Tdcc.Mesh.Sandbox.Tests.Clusters;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

[Collection(SandboxGroup.Name)]
public sealed class SandboxStatusCommandTests(SandboxFixture sandbox)
{
    private static Task<int> RunAsync(params string[] args) => new RootCommand { SandboxCommand.Create() }.Parse(args).InvokeAsync();

    [Fact]
    public async Task Status_RunningSandbox_AllReadyExitZero()
    {
        (await RunAsync("sandbox", "status", "--dir", sandbox.Directory)).Should().Be(0);
    }

    [Fact]
    public async Task Status_NoSandbox_ExitOne()
    {
        var empty = Directory.CreateTempSubdirectory("tdcc-empty-").FullName;
        try
        {
            (await RunAsync("sandbox", "status", "--dir", empty)).Should().Be(1);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task Up_ClustersOutOfRange_ExitWithParseError()
    {
        (await RunAsync("sandbox", "up", "--clusters", "5000")).Should().NotBe(0);
    }
}
