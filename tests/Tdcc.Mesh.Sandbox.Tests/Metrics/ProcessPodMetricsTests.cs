using System.Globalization;
using System.Text.RegularExpressions;
using Tdcc.Mesh.Sandbox.Tests.Controllers;
using Tdcc.Mesh.Sandbox.Tests.Workloads;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Metrics;

/// <summary>Process pods report their real process's usage to kubectl top: a busy loop uses CPU, a sleeper does not.</summary>
[Collection(ProcessSandboxGroup.Name)]
[Trait("Category", "Slow")]
[Trait("Peer", "kubectl")]
public sealed partial class ProcessPodMetricsTests(ProcessSandboxFixture sandbox)
{
    [PeerFact("kubectl")]
    public async Task KubectlTop_ProcessPods_ShowTheProcessesCpuAndResidentMemory()
    {
        RequirePeer.Present("kubectl");
        await TestWorkloads.CreateNamespaceAsync(sandbox.Member.Client, "proc-top");
        var apply = await sandbox.Kubectl.RunAsync($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: busy, namespace: proc-top}
            spec:
              nodeName: east-node-1
              terminationGracePeriodSeconds: 1
              containers:
              - {name: loop, image: "{{ProcessSandboxFixture.Shell}}:1", args: ["-c", "while :; do :; done"]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: idle, namespace: proc-top}
            spec:
              nodeName: east-node-1
              terminationGracePeriodSeconds: 1
              containers:
              - {name: sleep, image: "{{ProcessSandboxFixture.Shell}}:1", args: ["-c", "exec sleep 600"]}
            """, "apply", "-f", "-");
        apply.ExitCode.Should().Be(0, apply.ToString());
        try
        {
            var top = await Eventually.ValueAsync(
                async () =>
                {
                    var result = await sandbox.Kubectl.RunAsync(null, "top", "pods", "-n", "proc-top", "--containers");
                    return result.ExitCode == 0 && Row().Count(result.StandardOutput) == 2 ? result.StandardOutput : null;
                },
                "kubectl top lists both running process pods",
                TimeSpan.FromSeconds(60));

            var rows = Row().Matches(top).ToDictionary(m => m.Groups["pod"].Value, m => (Cpu: int.Parse(m.Groups["cpu"].Value, CultureInfo.InvariantCulture), Memory: int.Parse(m.Groups["mem"].Value, CultureInfo.InvariantCulture)));
            rows["busy"].Cpu.Should().BeGreaterThan(200, top);
            rows["idle"].Cpu.Should().BeLessThan(50, top);
            rows["busy"].Memory.Should().BeGreaterThan(0, "the shell's resident set is at least a few hundred KiB: " + top);
        }
        finally
        {
            await sandbox.Kubectl.RunAsync(null, "delete", "pod", "busy", "idle", "-n", "proc-top", "--wait=false");
        }
    }

    [GeneratedRegex(@"(?<pod>busy|idle)\s+(?:loop|sleep)\s+(?<cpu>\d+)m\s+(?<mem>\d+)Mi")]
    private static partial Regex Row();
}
