using System.Diagnostics;
using System.Text;

namespace Tdcc.Mesh.Sandbox.Networking;

/// <summary>Runs iproute2's <c>ip</c>: a batch of commands in one process (<c>ip -batch -</c>), which keeps a thousand-member setup fast.</summary>
internal static class IpCommand
{
    /// <summary>Runs <paramref name="commands"/> (one <c>ip</c> command line each, without the leading <c>ip</c>); throws with ip's message on the first failure unless <paramref name="force"/>.</summary>
    public static async Task RunBatchAsync(IEnumerable<string> commands, bool force, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var command in commands)
        {
            text.Append(command).Append('\n');
        }

        if (text.Length == 0)
        {
            return;
        }

        var result = await RunAsync("ip", force ? ["-force", "-batch", "-"] : ["-batch", "-"], text.ToString(), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0 && !force)
        {
            throw new NetworkSetupException($"ip -batch failed: {result.Error.Trim()}");
        }
    }

    /// <summary>Runs one program to the end and returns its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new NetworkSetupException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }

        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }
}
