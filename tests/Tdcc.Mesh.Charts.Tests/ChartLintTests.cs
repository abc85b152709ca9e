using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Charts.Tests;

[Trait("Peer", "helm")]
public sealed class ChartLintTests
{
    [PeerFact(Helm.Peer)]
    public async Task Lint_HubValues_Passes()
    {
        var result = await Helm.RunAsync(null, ["lint", Helm.ChartPath, "--strict", "--namespace", ChartValues.Namespace, .. ChartValues.Hub]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Contain("1 chart(s) linted, 0 chart(s) failed");
    }

    [PeerFact(Helm.Peer)]
    public async Task Lint_AgentValues_Passes()
    {
        var result = await Helm.RunAsync(null, ["lint", Helm.ChartPath, "--strict", "--namespace", ChartValues.Namespace, .. ChartValues.AgentComplete]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Contain("1 chart(s) linted, 0 chart(s) failed");
    }

    [PeerFact(Helm.Peer)]
    public async Task Lint_NoMode_FailsNamingMode()
    {
        var result = await Helm.RunAsync(null, "lint", Helm.ChartPath);

        result.ExitCode.Should().NotBe(0);
        result.StandardOutput.Should().Contain("mode is required");
    }
}
