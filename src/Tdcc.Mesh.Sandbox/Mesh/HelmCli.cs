using System.Diagnostics;
using System.Text;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>Runs the real <c>helm</c> against the sandbox's kubeconfig; a failure throws with helm's own message.</summary>
internal sealed class HelmCli(string helmPath, string kubeconfigPath)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// <c>helm upgrade --install</c> of <paramref name="chart"/> as <paramref name="release"/> in <paramref name="ns"/>
    /// (created when missing) of kubeconfig context <paramref name="context"/>, with <paramref name="values"/> as
    /// <c>--set</c> pairs.
    /// </summary>
    public async Task UpgradeInstallAsync(string context, string release, string chart, string ns, IEnumerable<string> values, CancellationToken cancellationToken)
    {
        List<string> arguments = ["upgrade", "--install", release, chart, "--kubeconfig", kubeconfigPath, "--kube-context", context, "--namespace", ns, "--create-namespace"];
        foreach (var value in values)
        {
            arguments.Add("--set");
            arguments.Add(value);
        }

        await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(helmPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {helmPath}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Only the helm this call started is stopped.
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var command = new StringBuilder("helm").AppendJoin(' ', arguments.Where(a => !a.StartsWith("agent.bootstrapToken=", StringComparison.Ordinal)));
            throw new InvalidOperationException($"{command} failed ({process.ExitCode}): {error.Trim()}");
        }

        return output;
    }
}
