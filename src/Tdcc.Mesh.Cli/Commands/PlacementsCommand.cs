using System.CommandLine;
using Spectre.Console;
using Tdcc.Mesh.Cli.Inspect;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Distribution.Api;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc placements [-n ns | -A] [--kubeconfig f] [--context hub] [-o table|json|yaml]</c> (<c>kubectl tdcc
/// placements</c>): the hub's Subscriptions, one row per placed cluster with its replicas and the member's ready replicas,
/// and whether it is scheduled and applied.
/// </summary>
internal static class PlacementsCommand
{
    public static Command Create(IAnsiConsole? console = null, TimeProvider? time = null) =>
        MemberListCommand.Create<Subscription, PlacementSummary>(
            "placements",
            "List the hub's Subscriptions and where their feeds are placed: cluster, replicas, ready replicas, scheduled, applied.",
            "json and yaml: each subscription's strategy, placements, filtered clusters and conditions",
            "Subscriptions",
            s => new PlacementSummary(s),
            PlacementTable.Write,
            console,
            time,
            "workload distribution (apps.tdcc.io)");
}
