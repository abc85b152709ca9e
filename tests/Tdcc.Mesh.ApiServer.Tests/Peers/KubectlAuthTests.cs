using System.Text;
using Tdcc.Mesh.ApiServer.Auth;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.ApiServer.Tests.Peers;

/// <summary>
/// kubectl 1.32's auth habits against a server with bearer tokens and RBAC over its TLS listener (kubectl sends tokens
/// only over https): <c>auth can-i</c> (also <c>--list</c> and subresources), <c>auth whoami</c>, <c>create token</c>;
/// and <c>diff</c> against a server without auth.
/// </summary>
[Trait("Peer", "kubectl")]
public sealed class KubectlAuthTests : IDisposable
{
    private const string Admin = "admin-token-0123456789";
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("tdcc-kubectl-auth-");

    public void Dispose() => _home.Delete(recursive: true);

    private async Task<string> KubeconfigAsync(KubeApiServer server, string name, string token)
    {
        var path = Path.Combine(_home.FullName, name + ".yaml");
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(server.CertificateAuthorityPem!));
        await File.WriteAllTextAsync(path, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster: {server: "{{server.SecureBaseAddress!.ToString().TrimEnd('/')}}", certificate-authority-data: "{{ca}}"}
              name: c
            contexts:
            - context: {cluster: c, user: u}
              name: c
            current-context: c
            users:
            - name: u
              user: {token: "{{token}}"}
            """);
        return path;
    }

    private Task<PeerResult> KubectlAsync(string kubeconfig, params string[] args) =>
        PeerTools.RunAsync("kubectl", ["--kubeconfig", kubeconfig, .. args], environment: new Dictionary<string, string> { ["HOME"] = _home.FullName }, timeout: TimeSpan.FromSeconds(60));

    [PeerFact("kubectl")]
    public async Task Kubectl_AuthCanIWhoamiCreateToken_AnswerFromRbac()
    {
        RequirePeer.Present("kubectl");
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "auth", SecurePort = 0, Auth = new AuthOptions { AdminToken = Admin } });
        var admin = await KubeconfigAsync(server, "admin", Admin);
        (await KubectlAsync(admin, "create", "namespace", "demo")).ExitCode.Should().Be(0);
        (await KubectlAsync(admin, "-n", "demo", "create", "serviceaccount", "reader")).ExitCode.Should().Be(0);
        (await KubectlAsync(admin, "-n", "demo", "create", "role", "pod-reader", "--verb=get,list", "--resource=pods,pods/log")).ExitCode.Should().Be(0);
        (await KubectlAsync(admin, "-n", "demo", "create", "rolebinding", "reader", "--role=pod-reader", "--serviceaccount=demo:reader")).ExitCode.Should().Be(0);

        var created = await KubectlAsync(admin, "-n", "demo", "create", "token", "reader", "--duration=10m");
        created.ExitCode.Should().Be(0, created.ToString());
        var token = created.StandardOutput.Trim();
        token.Split('.').Should().HaveCount(3);
        var reader = await KubeconfigAsync(server, "reader", token);

        var whoami = await KubectlAsync(reader, "auth", "whoami");
        whoami.ExitCode.Should().Be(0, whoami.ToString());
        whoami.StandardOutput.Should().MatchRegex(@"ATTRIBUTE\s+VALUE\s*\n\s*Username\s+system:serviceaccount:demo:reader\s*\n\s*Groups\s+\[system:serviceaccounts system:serviceaccounts:demo system:authenticated\]");
        (await KubectlAsync(admin, "auth", "whoami")).StandardOutput.Should().MatchRegex(@"Username\s+kubernetes-admin\s*\n\s*Groups\s+\[system:masters system:authenticated\]");

        async Task CanI(string kubeconfig, string expected, params string[] args)
        {
            var result = await KubectlAsync(kubeconfig, ["auth", "can-i", .. args]);
            result.StandardOutput.Trim().Should().Be(expected, result.ToString());
            result.ExitCode.Should().Be(expected == "yes" ? 0 : 1);
        }

        await CanI(reader, "yes", "list", "pods", "-n", "demo");
        await CanI(reader, "yes", "get", "pods", "--subresource=log", "-n", "demo");
        await CanI(reader, "no", "create", "pods", "-n", "demo");
        await CanI(reader, "no", "list", "pods", "-n", "default");
        await CanI(reader, "no", "*", "*");
        await CanI(reader, "yes", "get", "/api");
        await CanI(admin, "yes", "*", "*");
        await CanI(admin, "yes", "get", "/healthz");

        var list = await KubectlAsync(reader, "auth", "can-i", "--list", "-n", "demo");
        list.ExitCode.Should().Be(0, list.ToString());
        list.StandardOutput.Should().MatchRegex(@"Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs");
        list.StandardOutput.Should().MatchRegex(@"\npods\s+\[\]\s+\[\]\s+\[get list\]");
        list.StandardOutput.Should().MatchRegex(@"\npods/log\s+\[\]\s+\[\]\s+\[get list\]");
        list.StandardOutput.Should().MatchRegex(@"selfsubjectaccessreviews.authorization.k8s.io\s+\[\]\s+\[\]\s+\[create\]");
        list.StandardOutput.Should().MatchRegex(@"\[/api\]\s+\[\]\s+\[get\]");

        (await KubectlAsync(admin, "-n", "demo", "delete", "serviceaccount", "reader")).ExitCode.Should().Be(0);
        var gone = await KubectlAsync(reader, "auth", "whoami");
        gone.ExitCode.Should().NotBe(0);
        gone.StandardError.Should().Contain("Unauthorized");
    }

    [PeerFact("kubectl")]
    public async Task Kubectl_AuthOff_CanIYesAndWhoamiAnonymous()
    {
        RequirePeer.Present("kubectl");
        await using var h = await ApiServerHarness.StartAsync();
        using var kubectl = await KubectlSession.StartAsync(h.Server.BaseAddress);

        var can = await kubectl.RunAsync(null, "auth", "can-i", "delete", "nodes");
        can.StandardOutput.Trim().Should().Be("yes", can.ToString());
        var whoami = await kubectl.RunAsync(null, "auth", "whoami");
        whoami.ExitCode.Should().Be(0, whoami.ToString());
        whoami.StandardOutput.Should().MatchRegex(@"Username\s+system:anonymous\s*\n\s*Groups\s+\[system:unauthenticated\]");
    }

    [PeerFact("kubectl")]
    public async Task Kubectl_Diff_ExitOneWithDiffWhenChangedZeroWhenEqual()
    {
        RequirePeer.Present("kubectl");
        await using var h = await ApiServerHarness.StartAsync();
        using var kubectl = await KubectlSession.StartAsync(h.Server.BaseAddress);
        static string Manifest(string value) => $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: default
            data:
              mode: {value}
            """;
        (await kubectl.RunAsync(Manifest("one"), "apply", "-f", "-")).ExitCode.Should().Be(0);

        var same = await kubectl.RunAsync(Manifest("one"), "diff", "-f", "-");
        same.ExitCode.Should().Be(0, same.ToString());
        same.StandardOutput.Should().BeEmpty();

        var changed = await kubectl.RunAsync(Manifest("two"), "diff", "-f", "-");
        changed.ExitCode.Should().Be(1, changed.ToString());
        changed.StandardOutput.Should().Contain("-  mode: one").And.Contain("+  mode: two");
        var (_, stored) = await h.GetAsync("/api/v1/namespaces/default/configmaps/settings");
        ((string?)stored["data"]!["mode"]).Should().Be("one", "diff changes nothing");

        var created = await kubectl.RunAsync(Manifest("x").Replace("name: settings", "name: fresh", StringComparison.Ordinal), "diff", "-f", "-");
        created.ExitCode.Should().Be(1, created.ToString());
        created.StandardOutput.Should().Contain("+  name: fresh");
        (await h.GetAsync("/api/v1/namespaces/default/configmaps/fresh")).Code.Should().Be(404);
    }
}
