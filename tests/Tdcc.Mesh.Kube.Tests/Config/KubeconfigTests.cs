using System.Text;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Tests.Fakes;

namespace Tdcc.Mesh.Kube.Tests.Config;

public sealed class KubeconfigTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private const string First = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: shared
          cluster:
            server: https://first.example:6443
            certificate-authority: certs/ca.crt
        - name: only-first
          cluster:
            server: https://only-first.example
        users:
        - name: admin
          user:
            token: first-token
        contexts:
        - name: main
          context:
            cluster: shared
            user: admin
            namespace: shop
        """;

    private const string Second = """
        apiVersion: v1
        kind: Config
        current-context: second-ctx
        clusters:
        - name: shared
          cluster:
            server: https://second.example:6443
        - name: only-second
          cluster:
            server: https://only-second.example
            insecure-skip-tls-verify: true
        users:
        - name: admin
          user:
            token: second-token
        - name: robot
          user:
            tokenFile: ../tokens/robot
        contexts:
        - name: second-ctx
          context:
            cluster: only-second
            user: robot
        """;

    private const string Third = """
        current-context: third-ctx
        contexts:
        - name: third-ctx
          context:
            cluster: only-first
        """;

    [Fact]
    public void Load_SeveralFiles_FirstFileToDefineANameWins()
    {
        var variable = Join(temp.Write("a/config", First), temp.Write("b/config", Second));

        var config = Kubeconfig.Load(null, variable, temp.Path);

        config.Clusters["shared"].Server.Should().Be("https://first.example:6443");
        config.Users["admin"].Token.Should().Be("first-token");
        config.Clusters.Keys.Should().BeEquivalentTo("shared", "only-first", "only-second");
        config.Users.Keys.Should().BeEquivalentTo("admin", "robot");
    }

    [Fact]
    public void Load_CurrentContext_ComesFromFirstFileThatSetsIt()
    {
        var variable = Join(temp.Write("a/config", First), temp.Write("b/config", Second), temp.Write("c/config", Third));

        var config = Kubeconfig.Load(null, variable, temp.Path);

        config.CurrentContext.Should().Be("second-ctx");
    }

    [Fact]
    public void Load_RelativePaths_ResolvedAgainstDefiningFilesFolder()
    {
        var variable = Join(temp.Write("a/config", First), temp.Write("b/config", Second));

        var config = Kubeconfig.Load(null, variable, temp.Path);

        config.Clusters["shared"].CertificateAuthority.Should().Be(Path.Combine(temp.Path, "a", "certs", "ca.crt"));
        config.Users["robot"].TokenFile.Should().Be(Path.Combine(temp.Path, "tokens", "robot"));
        config.Clusters["shared"].Origin.Should().Be(Path.Combine(temp.Path, "a", "config"));
    }

    [Fact]
    public void Load_MissingFilesInVariable_AreSkipped()
    {
        var variable = Join(Path.Combine(temp.Path, "nope"), temp.Write("b/config", Second), string.Empty);

        var config = Kubeconfig.Load(null, variable, temp.Path);

        config.CurrentContext.Should().Be("second-ctx");
    }

    [Fact]
    public void Load_ExplicitPath_IgnoresVariable()
    {
        var variable = temp.Write("b/config", Second);

        var config = Kubeconfig.Load(temp.Write("a/config", First), variable, temp.Path);

        config.Clusters.Keys.Should().BeEquivalentTo("shared", "only-first");
    }

    [Fact]
    public void Load_ExplicitPathMissing_Throws()
    {
        var act = () => Kubeconfig.Load(Path.Combine(temp.Path, "missing"), null, temp.Path);

        act.Should().Throw<KubeconfigException>();
    }

    [Fact]
    public void Load_NoVariable_ReadsHomeKubeConfig()
    {
        temp.Write(".kube/config", Second);

        var config = Kubeconfig.Load(null, null, temp.Path);

        config.CurrentContext.Should().Be("second-ctx");
    }

    [Fact]
    public void Parse_DuplicateNameInOneFile_LastEntryWins()
    {
        const string yaml = """
            clusters:
            - name: c
              cluster: { server: "https://one" }
            - name: c
              cluster: { server: "https://two" }
            """;

        Kubeconfig.Parse(yaml, "/tmp/x").Clusters["c"].Server.Should().Be("https://two");
    }

    [Fact]
    public void ToClientOptions_ContextWithNamespace_UsesItsClusterUserAndNamespace()
    {
        temp.Write("a/certs/ca.crt", "PEM-CA");
        var config = Kubeconfig.Load(null, Join(temp.Write("a/config", First), temp.Write("b/config", Second)), temp.Path);

        var options = config.ToClientOptions("main");

        options.Server.Should().Be(new Uri("https://first.example:6443"));
        options.Namespace.Should().Be("shop");
        options.BearerToken.Should().Be("first-token");
        options.CertificateAuthorityPem.Should().Be("PEM-CA");
    }

    [Fact]
    public void ToClientOptions_NoContextGiven_UsesCurrentContextAndDefaultNamespace()
    {
        var config = Kubeconfig.Load(null, Join(temp.Write("a/config", First), temp.Write("b/config", Second)), temp.Path);

        var options = config.ToClientOptions();

        options.Server.Should().Be(new Uri("https://only-second.example"));
        options.InsecureSkipTlsVerify.Should().BeTrue();
        options.TokenFile.Should().Be(Path.Combine(temp.Path, "tokens", "robot"));
        options.Namespace.Should().Be("default");
    }

    [Theory]
    [InlineData("missing-ctx")]
    [InlineData("third-ctx")]
    public void ToClientOptions_UndefinedReferences_Throw(string context)
    {
        var config = Kubeconfig.Load(null, Join(temp.Write("a/config", Third)), temp.Path);

        var act = () => config.ToClientOptions(context);

        act.Should().Throw<KubeconfigException>();
    }

    [Fact]
    public void ToClientOptions_CertificateData_DecodedFromBase64()
    {
        using var certs = new TestCertificates();
        var (_, certPem, keyPem) = certs.Issue("alice", server: false);
        var yaml = $"""
            current-context: c
            clusters:
            - name: k
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority-data: {B64(certs.CaPem)}
            users:
            - name: alice
              user:
                client-certificate-data: {B64(certPem)}
                client-key: alice.key
            contexts:
            - name: c
              context: {"{"} cluster: k, user: alice {"}"}
            """;
        temp.Write("alice.key", keyPem);

        var options = Kubeconfig.Parse(yaml, Path.Combine(temp.Path, "config")).ToClientOptions();

        options.CertificateAuthorityPem.Should().Be(certs.CaPem);
        options.ClientCertificatePem.Should().Be(certPem);
        options.ClientKeyPem.Should().Be(keyPem);
    }

    [Fact]
    public void ToClientOptions_ExecPluginOnly_ThrowsUnsupported()
    {
        const string yaml = """
            current-context: c
            clusters: [{ name: k, cluster: { server: "https://x" } }]
            users: [{ name: u, user: { exec: { command: aws } } }]
            contexts: [{ name: c, context: { cluster: k, user: u } }]
            """;

        var act = () => Kubeconfig.Parse(yaml, "/tmp/config").ToClientOptions();

        act.Should().Throw<KubeconfigException>().WithMessage("*exec*");
    }

    [Fact]
    public void Parse_EmptyFile_IsEmptyConfig()
    {
        Kubeconfig.Parse(string.Empty, "/tmp/config").Clusters.Should().BeEmpty();
    }

    public void Dispose() => temp.Dispose();

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Join(params string[] paths) => string.Join(Path.PathSeparator, paths);
}
