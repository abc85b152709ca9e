using System.Text.Json.Nodes;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

/// <summary>kubectl against the shared sandbox's east cluster, in one namespace.</summary>
internal sealed class SandboxKubectl(SandboxFixture sandbox, string ns)
{
    public string Namespace => ns;

    public Task<PeerResult> RunAsync(params string[] arguments) =>
        PeerTools.RunAsync("kubectl", ["--kubeconfig", sandbox.Set.KubeconfigPath, "--context", "east", "-n", ns, .. arguments], timeout: TimeSpan.FromSeconds(120));

    /// <summary>Runs kubectl and fails the test unless it exits 0; returns its standard output.</summary>
    public async Task<string> OkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        result.ExitCode.Should().Be(0, $"kubectl {string.Join(' ', arguments)}: {result}");
        return result.StandardOutput;
    }

    public async Task<JsonNode> JsonAsync(params string[] arguments) => JsonNode.Parse(await OkAsync([.. arguments, "-o", "json"]))!;

    /// <summary>Creates the namespace and a Deployment <paramref name="name"/> of tdcc.io/echo listening on 8080, and waits for its rollout.</summary>
    public async Task CreateEchoDeploymentAsync(string name, int replicas)
    {
        await PeerTools.RunAsync("kubectl", ["--kubeconfig", sandbox.Set.KubeconfigPath, "--context", "east", "create", "namespace", ns], timeout: TimeSpan.FromSeconds(60));
        await OkAsync("create", "deployment", name, "--image=tdcc.io/echo", $"--replicas={replicas}", "--port=8080");
        (await OkAsync("rollout", "status", $"deploy/{name}", "--timeout=90s")).Should().Contain($"deployment \"{name}\" successfully rolled out");
    }

    /// <summary>The namespace's Events as (reason, message, component, host, kind/name, count).</summary>
    public async Task<IReadOnlyList<EventRow>> EventsAsync()
    {
        var list = await JsonAsync("get", "events");
        return list["items"]!.AsArray().Select(e => new EventRow(
            (string?)e!["reason"] ?? string.Empty,
            (string?)e["message"] ?? string.Empty,
            (string?)e["source"]?["component"],
            (string?)e["source"]?["host"],
            (string?)e["reportingComponent"],
            $"{(string?)e["involvedObject"]?["kind"]}/{(string?)e["involvedObject"]?["name"]}",
            (int?)e["count"] ?? 0,
            (string?)e["type"] ?? string.Empty)).ToList();
    }
}

internal sealed record EventRow(string Reason, string Message, string? Component, string? Host, string? ReportingComponent, string Object, int Count, string Type);
