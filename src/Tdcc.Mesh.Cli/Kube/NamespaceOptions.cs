using System.CommandLine;

namespace Tdcc.Mesh.Cli.Kube;

/// <summary><c>-n/--namespace</c> and <c>-A/--all-namespaces</c> as kubectl has them: the context's namespace by default.</summary>
internal sealed class NamespaceOptions
{
    public Option<string?> Namespace { get; } = new("--namespace", "-n") { Description = "The namespace (default: the context's namespace)" };

    public Option<bool> AllNamespaces { get; } = new("--all-namespaces", "-A") { Description = "Every namespace" };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Namespace);
        command.Options.Add(AllNamespaces);
    }

    /// <summary>The namespace to list in; null for all namespaces.</summary>
    public string? Resolve(ParseResult parse, KubeTarget target)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(target);
        return parse.GetValue(AllNamespaces) ? null : parse.GetValue(Namespace) is { Length: > 0 } ns ? ns : target.Namespace;
    }
}
