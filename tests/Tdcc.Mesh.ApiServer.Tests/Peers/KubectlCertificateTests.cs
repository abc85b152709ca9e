using Tdcc.Mesh.ApiServer.Tests.Objects.Certificates;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.ApiServer.Tests.Peers;

/// <summary>kubectl 1.32 against CertificateSigningRequests: get, certificate approve and deny, validation errors.</summary>
[Trait("Peer", "kubectl")]
public sealed class KubectlCertificateTests
{
    [PeerFact("kubectl")]
    public async Task Kubectl_GetApproveDeny_WorksAsAgainstKube()
    {
        RequirePeer.Present("kubectl");
        await using var h = await ApiServerHarness.StartAsync();
        (await h.PostAsync(CsrSamples.CsrPath, CsrSamples.Csr("gw-a"))).Code.Should().Be(201);
        (await h.PostAsync(CsrSamples.CsrPath, CsrSamples.Csr("gw-b"))).Code.Should().Be(201);
        using var kubectl = await KubectlSession.StartAsync(h.Server.BaseAddress);
        Task<PeerResult> Kubectl(params string[] args) => kubectl.RunAsync(null, args);

        var get = await Kubectl("get", "csr");
        get.ExitCode.Should().Be(0, get.ToString());
        get.StandardOutput.Should().MatchRegex(@"NAME\s+AGE\s+SIGNERNAME\s+REQUESTOR\s+REQUESTEDDURATION\s+CONDITION");
        get.StandardOutput.Should().MatchRegex(@"gw-a\s+\S+\s+tdcc.io/gateway\s+<none>\s+Pending|gw-a\s+\S+\s+tdcc.io/gateway\s+Pending");

        var approve = await Kubectl("certificate", "approve", "gw-a");
        approve.ExitCode.Should().Be(0, approve.ToString());
        approve.StandardOutput.Should().Contain("certificatesigningrequest.certificates.k8s.io/gw-a approved");

        var deny = await Kubectl("certificate", "deny", "gw-b");
        deny.ExitCode.Should().Be(0, deny.ToString());
        deny.StandardOutput.Should().Contain("certificatesigningrequest.certificates.k8s.io/gw-b denied");

        var after = await Kubectl("get", "csr");
        after.StandardOutput.Should().MatchRegex(@"gw-a\s.*\sApproved\s*\n");
        after.StandardOutput.Should().MatchRegex(@"gw-b\s.*\sDenied\s*\n");

        var reason = await Kubectl("get", "csr", "gw-a", "-o", "jsonpath={.status.conditions[0].reason}");
        reason.StandardOutput.Should().Be("KubectlApprove");

        var conflicting = await Kubectl("certificate", "approve", "gw-b");
        conflicting.ExitCode.Should().NotBe(0, conflicting.ToString());
        conflicting.StandardError.Should().Contain("certificate signing request \"gw-b\" is already Denied");
    }

    [PeerFact("kubectl")]
    public async Task Kubectl_ApplyInvalidCsr_ShowsKubeErrors()
    {
        RequirePeer.Present("kubectl");
        await using var h = await ApiServerHarness.StartAsync();
        using var kubectl = await KubectlSession.StartAsync(h.Server.BaseAddress);
        const string Manifest = """
            apiVersion: certificates.k8s.io/v1
            kind: CertificateSigningRequest
            metadata:
              name: bad
            spec:
              request: bm90IGEgcmVxdWVzdAo=
              usages: [client auth]
            """;
        var result = await kubectl.RunAsync(Manifest, "apply", "-f", "-");
        result.ExitCode.Should().NotBe(0, result.ToString());
        result.StandardError.Should().Contain("The CertificateSigningRequest \"bad\" is invalid");
        result.StandardError.Should().Contain("spec.signerName: Required value");
        result.StandardError.Should().Contain("PEM block type must be CERTIFICATE REQUEST");
    }
}
