namespace Tdcc.Mesh.Cli.Inspect;

/// <summary>The <c>helm install</c> of a new member's agent, exactly as docs/operator.md states it.</summary>
internal static class JoinCommandLine
{
    /// <summary>The two lines (the first ends with a backslash), ready to paste into a shell.</summary>
    public static string Lines(string clusterName, string hubServer, string token) =>
        "helm install tdcc-agent charts/tdcc-mesh --namespace tdcc-system --create-namespace \\\n"
        + $"  --set mode=agent --set agent.clusterName={clusterName} --set agent.hubServer={hubServer} --set agent.bootstrapToken={token}";

    /// <summary>The same command on one line (for JSON and YAML).</summary>
    public static string OneLine(string clusterName, string hubServer, string token) =>
        Lines(clusterName, hubServer, token).Replace(" \\\n  ", " ", StringComparison.Ordinal);
}
