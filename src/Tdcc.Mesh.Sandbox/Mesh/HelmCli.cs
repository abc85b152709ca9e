using System.Text;
using Tdcc.Mesh.Distribution.Helm;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>Runs the real <c>helm</c> against the sandbox's kubeconfig; a failure throws with helm's own message.</summary>
internal sealed class HelmCli(string helmPath, string kubeconfigPath)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private readonly HelmProcess _helm = new(helmPath);

    /// <summary>
    /// <c>helm upgrade --install</c> of <paramref name="chart"/> as <paramref name="release"/> in <paramref name="ns"/>
    /// (created when missing) of kubeconfig context <paramref name="context"/>, with <paramref name="values"/> as
    /// <c>--set</c> pairs and <paramref name="files"/> as <c>--set-file</c> pairs (<c>key=path</c>: multi-line values such as a CA).
    /// </summary>
    public async Task UpgradeInstallAsync(string context, string release, string chart, string ns, IEnumerable<string> values, CancellationToken cancellationToken, IEnumerable<string>? files = null)
    {
        List<string> arguments = ["upgrade", "--install", release, chart, "--kubeconfig", kubeconfigPath, "--kube-context", context, "--namespace", ns, "--create-namespace"];
        foreach (var value in values)
        {
            arguments.Add("--set");
            arguments.Add(value);
        }

        foreach (var file in files ?? [])
        {
            arguments.Add("--set-file");
            arguments.Add(file);
        }

        await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        HelmResult result;
        try
        {
            result = await _helm.RunAsync(arguments, Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (HelmException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }

        if (result.ExitCode != 0)
        {
            var command = new StringBuilder("helm").AppendJoin(' ', arguments.Where(a => !a.StartsWith("agent.bootstrapToken=", StringComparison.Ordinal)));
            throw new InvalidOperationException($"{command} failed ({result.ExitCode}): {result.Error.Trim()}");
        }

        return result.Output;
    }
}
