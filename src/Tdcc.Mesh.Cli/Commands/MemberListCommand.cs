using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tdcc.Mesh.Cli.Inspect;
using Tdcc.Mesh.Cli.Kube;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// What <c>kubectl tdcc exports</c> and <c>imports</c> share: list one multicluster-services kind in a member
/// (<c>-n ns | -A</c>, <c>--kubeconfig</c>, <c>--context</c>), sorted by namespace and name, as a table or as
/// <c>{context, &lt;key&gt;: [...]}</c> in JSON or YAML.
/// </summary>
internal static class MemberListCommand
{
    /// <param name="name">The verb (<c>exports</c>).</param>
    /// <param name="description">The verb's help line.</param>
    /// <param name="outputHelp">What <c>-o json|yaml</c> gives.</param>
    /// <param name="kind">The kind's name in "No … found." (<c>ServiceExports</c>).</param>
    /// <param name="summarize">One object as the listing shows it.</param>
    /// <param name="writeTable">Writes the table (rows, whether all namespaces are shown, now).</param>
    /// <param name="console">Where output goes (default: the terminal).</param>
    /// <param name="time">The clock ages are counted from (default: the system's).</param>
    /// <param name="api">The API named when the context does not serve the kind.</param>
    public static Command Create<T, TSummary>(
        string name,
        string description,
        string outputHelp,
        string kind,
        Func<T, TSummary> summarize,
        Action<IAnsiConsole, IReadOnlyList<TSummary>, bool, DateTimeOffset> writeTable,
        IAnsiConsole? console,
        TimeProvider? time,
        string api = "multicluster services")
        where T : class, IKubeObject<T>
        where TSummary : INamespacedSummary
    {
        var kube = new KubeContextOptions("The member's kubeconfig context (default: the current context)");
        var scope = new NamespaceOptions();
        var output = StructuredOutput.CreateOption(outputHelp);
        var command = new Command(name, description) { output };
        scope.AddTo(command);
        kube.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var terminal = console ?? AnsiConsole.Console;
            return KubeCommandRunner.RunAsync(terminal, async () =>
            {
                using var member = kube.Open(parse);
                var ns = scope.Resolve(parse, member);
                var list = await ServedKinds.ListAsync<T>(member, ns, $"context {member.Context} has no {api} API", cancellationToken).ConfigureAwait(false);
                var rows = list.Items.Select(summarize).OrderBy(r => r.Namespace, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
                var format = StructuredOutput.Parse(parse.GetValue(output));
                if (format != OutputFormat.Table)
                {
                    var items = new JsonArray([.. rows.Select(r => (JsonNode)r.ToJson())]);
                    await StructuredOutput.WriteAsync(terminal, new JsonObject { ["context"] = member.Context, [name] = items }, format, cancellationToken).ConfigureAwait(false);
                }
                else if (rows.Count == 0)
                {
                    terminal.MarkupLine(ns is null ? $"No {kind} found." : $"No {kind} found in namespace {Markup.Escape(ns)}.");
                }
                else
                {
                    writeTable(terminal, rows, ns is null, (time ?? TimeProvider.System).GetUtcNow());
                }

                return KubeCommandRunner.ExitOk;
            });
        });
        return command;
    }
}
