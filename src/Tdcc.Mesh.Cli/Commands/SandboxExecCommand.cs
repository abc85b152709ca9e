using System.CommandLine;
using System.Diagnostics;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc sandbox exec CLUSTER -- COMMAND [ARGS...]</c>: runs a command inside a member's network (its namespace:
/// its pod IPs, ClusterIPs, ClusterSetIPs and DNS), as a pod of that cluster would reach them; its exit code is the
/// command's. In the loopback layout there is one network, so the command runs as it is, and a line on stderr says so.
/// </summary>
internal static class SandboxExecCommand
{
    public static Command Create()
    {
        var cluster = new Argument<string>("cluster") { Description = "The member whose network the command runs in" };
        var commandLine = new Argument<string[]>("command") { Description = "The command and its arguments (after --)", Arity = ArgumentArity.OneOrMore };
        var dir = new Option<string>("--dir") { Description = "State directory of the running sandbox", DefaultValueFactory = _ => ".sandbox" };
        var command = new Command("exec", "Run a command inside a member cluster's network (e.g. curl its ClusterIPs).") { cluster, commandLine, dir };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(dir) ?? ".sandbox", parse.GetValue(cluster)!, parse.GetValue(commandLine) ?? [], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string directory, string cluster, string[] commandLine, CancellationToken cancellationToken)
    {
        var (_, member, error, exitCode) = await SandboxEndpointsReader.FindMemberAsync(directory, cluster, cancellationToken).ConfigureAwait(false);
        if (member is null)
        {
            await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
            return exitCode;
        }

        ProcessStartInfo start;
        if (member.Namespace is null)
        {
            await Console.Error.WriteLineAsync($"(the sandbox uses the loopback layout: every member shares the host's network; running on the host)").ConfigureAwait(false);
            start = new ProcessStartInfo(commandLine[0]);
            foreach (var argument in commandLine.Skip(1))
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start = new ProcessStartInfo("ip");
            foreach (var argument in (string[])["netns", "exec", member.Namespace, .. commandLine])
            {
                start.ArgumentList.Add(argument);
            }
        }

        start.UseShellExecute = false;
        using var process = Process.Start(start);
        if (process is null)
        {
            await Console.Error.WriteLineAsync($"could not start {commandLine[0]}").ConfigureAwait(false);
            return 127;
        }

        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C reaches the child through the terminal too; wait for it to end.
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return process.ExitCode;
    }
}
