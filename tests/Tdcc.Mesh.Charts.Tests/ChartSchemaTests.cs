using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Charts.Tests;

/// <summary>values.schema.json: bad values fail before anything is rendered, with a message that names the value.</summary>
[Trait("Peer", "helm")]
public sealed class ChartSchemaTests
{
    [PeerFact(Helm.Peer)]
    public async Task Template_NoMode_FailsWithModeIsRequired()
    {
        var error = await Helm.TemplateFailsAsync([]);

        error.Should().Contain("values don't meet the specifications of the schema").And.Contain("mode is required");
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_UnknownMode_FailsNamingTheChoices()
    {
        var error = await Helm.TemplateFailsAsync(["--set", "mode=member"]);

        error.Should().Contain("mode must be one of the following: \"hub\", \"agent\"");
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_AgentWithoutClusterName_FailsWithClusterNameIsRequired()
    {
        var error = await Helm.TemplateFailsAsync(["--set", "mode=agent", "--set", "agent.hubServer=https://hub.example:6443"]);

        error.Should().Contain("agent: clusterName is required");
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_AgentWithoutHubServer_FailsWithHubServerIsRequired()
    {
        var error = await Helm.TemplateFailsAsync(["--set", "mode=agent", "--set", "agent.clusterName=east"]);

        error.Should().Contain("agent: hubServer is required");
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_HubWithoutAgentValues_Succeeds()
    {
        var rendered = await Helm.TemplateAsync("tdcc-hub", ChartValues.Hub);

        rendered.Single("Deployment")["metadata"]!["name"]!.GetValue<string>().Should().Be("tdcc-hub");
    }

    [PeerTheory(Helm.Peer)]
    [InlineData("agent.clusterName=East_1", "agent.clusterName: Does not match pattern")]
    [InlineData("agent.bootstrapToken=not-a-token", "agent.bootstrapToken: Does not match pattern")]
    [InlineData("hub.replicas=0", "hub.replicas: Must be greater than or equal to 1")]
    [InlineData("logFormat=xml", "logFormat must be one of the following")]
    [InlineData("agent.replica=2", "Additional property replica is not allowed")]
    public async Task Template_BadValue_FailsNamingIt(string value, string message)
    {
        var error = await Helm.TemplateFailsAsync([.. ChartValues.Agent, "--set", value]);

        error.Should().Contain(message);
    }
}
