using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;

namespace Tdcc.Mesh.Cli.Kube;

/// <summary>One kubeconfig context, opened: its name, API server, default namespace and a client for it.</summary>
internal sealed class KubeTarget : IDisposable
{
    private readonly KubeClient _client;

    private KubeTarget(string context, KubeClientOptions options)
    {
        Context = context;
        Options = options;
        _client = new KubeClient(options);
    }

    /// <summary>The context's name.</summary>
    public string Context { get; }

    /// <summary>What the context resolved to (server, namespace, credentials).</summary>
    public KubeClientOptions Options { get; }

    /// <summary>The API server's URL.</summary>
    public Uri Server => Options.Server;

    /// <summary>The context's namespace (<c>default</c> when it names none).</summary>
    public string Namespace => Options.Namespace;

    public IKubeClient Client => _client;

    /// <summary>Loads the kubeconfig (<paramref name="kubeconfig"/>, else <c>$KUBECONFIG</c>, else <c>~/.kube/config</c>) and opens <paramref name="context"/> (the current context when null).</summary>
    /// <exception cref="KubeconfigException">No such file or context, or the context cannot be used.</exception>
    public static KubeTarget Open(string? kubeconfig, string? context)
    {
        var config = Kubeconfig.Load(kubeconfig);
        var name = string.IsNullOrEmpty(context) ? config.CurrentContext : context;
        if (string.IsNullOrEmpty(name))
        {
            throw new KubeconfigException(config.Contexts.IsEmpty
                ? "no kubeconfig found: no --kubeconfig, and neither $KUBECONFIG nor ~/.kube/config names an existing file"
                : "the kubeconfig has no current context: pass --context");
        }

        // A command line tool: a few quick retries, not the controllers' patience.
        var options = config.ToClientOptions(name) with { Retry = new RetryPolicy { MaxAttempts = 2 }, RequestTimeout = TimeSpan.FromSeconds(15) };
        return new KubeTarget(name, options);
    }

    public void Dispose() => _client.Dispose();
}
