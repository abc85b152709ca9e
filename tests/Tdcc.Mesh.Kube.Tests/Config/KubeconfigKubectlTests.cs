using System.Text;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Tests.Fakes;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Kube.Tests.Config;

/// <summary>Checks our merge of several kubeconfig files against kubectl's own.</summary>
[Trait("Peer", "kubectl")]
public sealed class KubeconfigKubectlTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [PeerFact("kubectl")]
    public async Task Load_SeveralFiles_MatchesKubectlMerge()
    {
        RequirePeer.Present("kubectl");
        temp.Write("a/certs/ca.crt", "CA-FROM-A");
        temp.Write("b/certs/ca.crt", "CA-FROM-B");
        var a = temp.Write("a/config", """
            clusters:
            - name: shared
              cluster: { server: "https://a.example", certificate-authority: certs/ca.crt }
            users:
            - name: admin
              user: { token: token-a }
            contexts:
            - name: ctx-a
              context: { cluster: shared, user: admin, namespace: ns-a }
            """);
        var b = temp.Write("b/config", """
            current-context: ctx-b
            clusters:
            - name: shared
              cluster: { server: "https://b.example" }
            - name: cluster-b
              cluster: { server: "https://only-b.example", certificate-authority: certs/ca.crt }
            users:
            - name: admin
              user: { token: token-b }
            - name: robot
              user: { token: token-robot }
            contexts:
            - name: ctx-b
              context: { cluster: cluster-b, user: robot }
            - name: ctx-a
              context: { cluster: cluster-b, user: robot, namespace: ns-b }
            """);
        var c = temp.Write("c/config", "current-context: ctx-a\n");
        var variable = string.Join(Path.PathSeparator, c, a, Path.Combine(temp.Path, "missing"), b);

        var result = await PeerTools.RunAsync("kubectl", ["config", "view", "--raw", "--flatten", "-o", "json"],
            environment: new Dictionary<string, string> { ["KUBECONFIG"] = variable, ["HOME"] = temp.Path });
        result.ExitCode.Should().Be(0, result.ToString());
        var kubectl = JsonNode.Parse(result.StandardOutput)!;

        var ours = Kubeconfig.Load(null, variable, temp.Path);

        ours.CurrentContext.Should().Be(kubectl["current-context"]!.GetValue<string>());
        foreach (var cluster in kubectl["clusters"]!.AsArray())
        {
            var name = cluster!["name"]!.GetValue<string>();
            ours.Clusters[name].Server.Should().Be(cluster["cluster"]!["server"]!.GetValue<string>());
            var caData = cluster["cluster"]!["certificate-authority-data"]?.GetValue<string>();
            var ourCa = ours.Clusters[name].CertificateAuthority is { } file ? File.ReadAllText(file) : null;
            ourCa.Should().Be(caData is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(caData)), $"cluster {name}");
        }

        foreach (var user in kubectl["users"]!.AsArray())
        {
            ours.Users[user!["name"]!.GetValue<string>()].Token.Should().Be(user["user"]!["token"]!.GetValue<string>());
        }

        foreach (var context in kubectl["contexts"]!.AsArray())
        {
            var ourContext = ours.Contexts[context!["name"]!.GetValue<string>()];
            ourContext.Cluster.Should().Be(context["context"]!["cluster"]!.GetValue<string>());
            ourContext.Namespace.Should().Be(context["context"]!["namespace"]?.GetValue<string>());
        }

        ours.Clusters.Should().HaveCount(kubectl["clusters"]!.AsArray().Count);
        ours.Users.Should().HaveCount(kubectl["users"]!.AsArray().Count);
        ours.Contexts.Should().HaveCount(kubectl["contexts"]!.AsArray().Count);
        ours.ToClientOptions().Namespace.Should().Be("ns-a");
    }

    public void Dispose() => temp.Dispose();
}
