using System.CommandLine;

namespace Tdcc.Mesh.Cli.Kube;

/// <summary>
/// The <c>--kubeconfig</c> and <c>--context</c> options of the commands that talk to a cluster, resolved as kubectl
/// resolves them: the flag, else the files of <c>$KUBECONFIG</c> merged, else <c>~/.kube/config</c>; the current
/// context unless <c>--context</c> names one.
/// </summary>
internal sealed class KubeContextOptions
{
    public KubeContextOptions(string contextDescription)
    {
        Context = new Option<string?>("--context") { Description = contextDescription };
    }

    public Option<string?> Kubeconfig { get; } = new("--kubeconfig") { Description = "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)" };

    public Option<string?> Context { get; }

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Kubeconfig);
        command.Options.Add(Context);
    }

    /// <summary>Opens the context the command line names.</summary>
    public KubeTarget Open(ParseResult parse) => KubeTarget.Open(parse.GetValue(Kubeconfig), parse.GetValue(Context));

    /// <summary>Opens another context of the same kubeconfig (for example <c>--hub-context</c>).</summary>
    public KubeTarget Open(ParseResult parse, string context) => KubeTarget.Open(parse.GetValue(Kubeconfig), context);
}
