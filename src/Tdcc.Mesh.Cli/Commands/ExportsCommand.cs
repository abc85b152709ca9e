using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tdcc.Mesh.Cli.Inspect;
using Tdcc.Mesh.Cli.Kube;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc exports [-n ns | -A] [--kubeconfig f] [--context member] [-o table|json|yaml]</c> (<c>kubectl tdcc
/// exports</c>): a member's ServiceExports with their Valid, Ready and Conflict conditions and what is wrong.
/// </summary>
internal static class ExportsCommand
{
    public static Command Create(IAnsiConsole? console = null, TimeProvider? time = null)
    {
        var kube = new KubeContextOptions("The member's kubeconfig context (default: the current context)");
        var scope = new NamespaceOptions();
        var output = StructuredOutput.CreateOption("json and yaml: each export's conditions and problems");
        var command = new Command("exports", "List a member's ServiceExports: valid, ready, in conflict, and why.") { output };
        scope.AddTo(command);
        kube.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var terminal = console ?? AnsiConsole.Console;
            return KubeCommandRunner.RunAsync(terminal, async () =>
            {
                using var member = kube.Open(parse);
                var ns = scope.Resolve(parse, member);
                var list = await ServedKinds.ListAsync<ServiceExport>(member, ns, $"context {member.Context} has no multicluster services API", cancellationToken).ConfigureAwait(false);
                var exports = list.Items.Select(e => new ExportSummary(e)).OrderBy(e => e.Namespace, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
                var format = StructuredOutput.Parse(parse.GetValue(output));
                if (format != OutputFormat.Table)
                {
                    var items = new JsonArray([.. exports.Select(e => (JsonNode)e.ToJson())]);
                    await StructuredOutput.WriteAsync(terminal, new JsonObject { ["context"] = member.Context, ["exports"] = items }, format, cancellationToken).ConfigureAwait(false);
                }
                else if (exports.Count == 0)
                {
                    terminal.MarkupLine(ns is null ? "No ServiceExports found." : $"No ServiceExports found in namespace {Markup.Escape(ns)}.");
                }
                else
                {
                    ExportTable.Write(terminal, exports, ns is null, (time ?? TimeProvider.System).GetUtcNow());
                }

                return KubeCommandRunner.ExitOk;
            });
        });
        return command;
    }
}
