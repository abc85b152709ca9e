using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tdcc.Mesh.Cli.Inspect;
using Tdcc.Mesh.Cli.Kube;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc imports [-n ns | -A] [--kubeconfig f] [--context member] [-o table|json|yaml]</c> (<c>kubectl tdcc
/// imports</c>): a member's ServiceImports: type, clusterset IPs, ports and the clusters that export each service.
/// </summary>
internal static class ImportsCommand
{
    public static Command Create(IAnsiConsole? console = null, TimeProvider? time = null)
    {
        var kube = new KubeContextOptions("The member's kubeconfig context (default: the current context)");
        var scope = new NamespaceOptions();
        var output = StructuredOutput.CreateOption("json and yaml: each import's type, IPs, ports, clusters and conditions");
        var command = new Command("imports", "List a member's ServiceImports: type, clusterset IPs, ports and exporting clusters.") { output };
        scope.AddTo(command);
        kube.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var terminal = console ?? AnsiConsole.Console;
            return KubeCommandRunner.RunAsync(terminal, async () =>
            {
                using var member = kube.Open(parse);
                var ns = scope.Resolve(parse, member);
                var list = await ServedKinds.ListAsync<ServiceImport>(member, ns, $"context {member.Context} has no multicluster services API", cancellationToken).ConfigureAwait(false);
                var imports = list.Items.Select(i => new ImportSummary(i)).OrderBy(i => i.Namespace, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
                var format = StructuredOutput.Parse(parse.GetValue(output));
                if (format != OutputFormat.Table)
                {
                    var items = new JsonArray([.. imports.Select(i => (JsonNode)i.ToJson())]);
                    await StructuredOutput.WriteAsync(terminal, new JsonObject { ["context"] = member.Context, ["imports"] = items }, format, cancellationToken).ConfigureAwait(false);
                }
                else if (imports.Count == 0)
                {
                    terminal.MarkupLine(ns is null ? "No ServiceImports found." : $"No ServiceImports found in namespace {Markup.Escape(ns)}.");
                }
                else
                {
                    ImportTable.Write(terminal, imports, ns is null, (time ?? TimeProvider.System).GetUtcNow());
                }

                return KubeCommandRunner.ExitOk;
            });
        });
        return command;
    }
}
