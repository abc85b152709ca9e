namespace Tdcc.Mesh.Charts.Tests;

/// <summary>The values the tests install the chart with, as helm arguments.</summary>
internal static class ChartValues
{
    /// <summary>The release namespace of every example (docs/operator.md).</summary>
    public const string Namespace = "tdcc-system";

    public const string BootstrapToken = "abcdef.0123456789abcdef";

    /// <summary>A hub with its defaults.</summary>
    public static IReadOnlyList<string> Hub { get; } = ["--set", "mode=hub"];

    /// <summary>An agent as <c>kubectl tdcc join east</c> prints it.</summary>
    public static IReadOnlyList<string> Agent { get; } =
    [
        "--set", "mode=agent",
        "--set", "agent.clusterName=east",
        "--set", "agent.hubServer=https://hub.example:6443",
        "--set", "agent.bootstrapToken=" + BootstrapToken,
    ];

    /// <summary>Every optional part of an agent on: CA bundle, locality, labels, ServiceMonitor.</summary>
    public static IReadOnlyList<string> AgentComplete { get; } =
    [
        .. Agent,
        "--set-string", "agent.hubCA=-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        "--set", "agent.region=eu-west",
        "--set", "agent.zone=eu-west-1a",
        "--set", "agent.clusterLabels.tier=edge",
        "--set", "serviceMonitor.enabled=true",
    ];
}
