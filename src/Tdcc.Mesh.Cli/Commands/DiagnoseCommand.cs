using System.CommandLine;
using Spectre.Console;
using Tdcc.Mesh.Cli.Inspect;
using Tdcc.Mesh.Cli.Kube;
using Tdcc.Mesh.Cli.Output;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc diagnose &lt;svc&gt; -n &lt;ns&gt; [--hub-context hub] [--dns host:port] [--kubeconfig f] [--context member]
/// [-o table|json|yaml]</c> (<c>kubectl tdcc diagnose</c>): follows a service from its export to its import, derived
/// Service, endpoints and DNS name in one member, and says where it breaks. Exit 0 when healthy, 1 when a check failed.
/// </summary>
internal static class DiagnoseCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var service = new Argument<string>("service") { Description = "The Service's name" };
        var ns = new Option<string?>("--namespace", "-n") { Description = "The Service's namespace (default: the context's namespace)" };
        var hubContext = new Option<string?>("--hub-context") { Description = "Also check the hub's aggregated ServiceImport and the exporting clusters' health through this context" };
        var dns = new Option<string?>("--dns") { Description = "The member's clusterset DNS server (host:port) to ask for <svc>.<ns>.svc.clusterset.local" };
        var kube = new KubeContextOptions("The member's kubeconfig context (default: the current context)");
        var output = StructuredOutput.CreateOption("json and yaml: every check with its result and detail, and the verdict");
        var command = new Command("diagnose", "Check a multi-cluster service step by step (export, import, DNS, endpoints) and say what is wrong where.") { service, ns, hubContext, dns, output };
        kube.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var terminal = console ?? AnsiConsole.Console;
            return KubeCommandRunner.RunAsync(terminal, async () =>
            {
                using var member = kube.Open(parse);
                using var hub = parse.GetValue(hubContext) is { Length: > 0 } hubName ? kube.Open(parse, hubName) : null;
                var @namespace = parse.GetValue(ns) is { Length: > 0 } given ? given : member.Namespace;
                var diagnosis = await ServiceDiagnosis.RunAsync(member, hub, @namespace, parse.GetValue(service)!, parse.GetValue(dns), cancellationToken).ConfigureAwait(false);
                var format = StructuredOutput.Parse(parse.GetValue(output));
                if (format == OutputFormat.Table)
                {
                    DiagnosisTable.Write(terminal, diagnosis);
                }
                else
                {
                    await StructuredOutput.WriteAsync(terminal, diagnosis.ToJson(), format, cancellationToken).ConfigureAwait(false);
                }

                return diagnosis.Healthy ? KubeCommandRunner.ExitOk : KubeCommandRunner.ExitProblem;
            });
        });
        return command;
    }
}
