using System.CommandLine;
using System.Globalization;
using Tdcc.Mesh.Hosting.Configuration;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc sandbox fault cut|restore|delay|loss|nat CLUSTER</c>: acts on a member's link to the underlay, in a sandbox with
/// a network namespace per member. <c>cut</c> takes the link down (the member reaches neither the hub nor the other
/// members, and nothing reaches it); <c>delay 200ms</c> and <c>loss 5</c> shape it in both directions; <c>nat</c> drops
/// every connection opened towards the member from outside (its own connections work); <c>restore</c> brings the link
/// up and removes any shaping and the NAT.
/// </summary>
internal static class SandboxFaultCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "State directory of the running sandbox", DefaultValueFactory = _ => ".sandbox" };
        var command = new Command("fault", "Cut, restore, delay, drop traffic on or NAT a member's link (network-namespace layouts).");
        command.Subcommands.Add(Simple("cut", "Take the member's link down.", dir, (names, member, ct) => SandboxNetwork.SetLinkAsync(names, member.Link!, up: false, ct)));
        command.Subcommands.Add(Simple("restore", "Bring the member's link up and remove delay and loss.", dir, async (names, member, ct) =>
        {
            await SandboxNetwork.SetLinkAsync(names, member.Link!, up: true, ct).ConfigureAwait(false);
            await SandboxNetwork.ShapeLinkAsync(names, member.Namespace!, member.Link!, TimeSpan.Zero, 0, ct).ConfigureAwait(false);
        }));

        command.Subcommands.Add(Simple("nat", "Put the member behind NAT: connections from outside its network are dropped, its own go out (restore lifts it).", dir, (names, member, ct) => SandboxNetwork.SetNatAsync(names, member.Link!, on: true, ct)));

        var delay = new Argument<string>("delay") { Description = "One-way latency added in each direction, e.g. 100ms or 1s" };
        var delayCommand = Shaped("delay", "Add latency to the member's link (both directions).", dir, delay, (names, member, value, ct) =>
            SandboxNetwork.ShapeLinkAsync(names, member.Namespace!, member.Link!, Duration.Parse(value), 0, ct));
        command.Subcommands.Add(delayCommand);

        var loss = new Argument<string>("percent") { Description = "Share of packets dropped in each direction, 0 to 100" };
        command.Subcommands.Add(Shaped("loss", "Drop a share of the packets on the member's link (both directions).", dir, loss, (names, member, value, ct) =>
            SandboxNetwork.ShapeLinkAsync(names, member.Namespace!, member.Link!, TimeSpan.Zero, ParsePercent(value), ct)));
        return command;
    }

    private static Command Simple(string name, string description, Option<string> dir, Func<NetworkNames, Tdcc.Mesh.Sandbox.Clusters.ClusterEndpoints, CancellationToken, Task> act)
    {
        var cluster = new Argument<string>("cluster") { Description = "The member cluster" };
        var command = new Command(name, description) { cluster, dir };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(dir) ?? ".sandbox", parse.GetValue(cluster)!, name, (names, member) => act(names, member, ct), ct));
        return command;
    }

    private static Command Shaped(string name, string description, Option<string> dir, Argument<string> value, Func<NetworkNames, Tdcc.Mesh.Sandbox.Clusters.ClusterEndpoints, string, CancellationToken, Task> act)
    {
        var cluster = new Argument<string>("cluster") { Description = "The member cluster" };
        var command = new Command(name, description) { cluster, value, dir };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(dir) ?? ".sandbox", parse.GetValue(cluster)!, name, (names, member) => act(names, member, parse.GetValue(value)!, ct), ct));
        return command;
    }

    private static async Task<int> RunAsync(string directory, string cluster, string verb, Func<NetworkNames, Tdcc.Mesh.Sandbox.Clusters.ClusterEndpoints, Task> act, CancellationToken cancellationToken)
    {
        var (sandbox, member, error, exitCode) = await SandboxEndpointsReader.FindMemberAsync(directory, cluster, cancellationToken).ConfigureAwait(false);
        if (member is null || sandbox is null)
        {
            await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
            return exitCode;
        }

        if (sandbox.NetworkSlot is not { } slot || member.Link is null || member.Namespace is null)
        {
            await Console.Error.WriteLineAsync($"The sandbox in {Path.GetFullPath(directory)} uses the {sandbox.Network} layout: members share one network, so there is no link to {verb}. Start it as root with --network routed or isolated.").ConfigureAwait(false);
            return 1;
        }

        try
        {
            await act(new NetworkNames(slot), member).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NetworkSetupException or FormatException)
        {
            await Console.Error.WriteLineAsync($"{verb} {cluster}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        Console.WriteLine($"{cluster}: {verb} done ({member.Namespace}, link {member.Link})");
        return 0;
    }

    private static double ParsePercent(string text) =>
        double.TryParse(text.Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 100
            ? value
            : throw new FormatException($"'{text}' is not a percentage from 0 to 100");
}
