using System.Text;
using System.Text.Json.Nodes;
using static Tdcc.Mesh.ApiServer.Tests.Objects.Certificates.CsrSamples;

namespace Tdcc.Mesh.ApiServer.Tests.Objects.Certificates;

/// <summary>certificates.k8s.io/v1 CertificateSigningRequest over REST: discovery, create, approval, status, validation.</summary>
public sealed class CertificateSigningRequestTests
{
    [Fact]
    public async Task Discovery_CertificatesGroup_ListsCsrWithApprovalAndStatus()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, list) = await h.GetAsync("/apis/certificates.k8s.io/v1");
        code.Should().Be(200);
        var names = list["resources"]!.AsArray().Select(r => (string)r!["name"]!).ToList();
        names.Should().Contain(["certificatesigningrequests", "certificatesigningrequests/approval", "certificatesigningrequests/status"]);
        var csr = list["resources"]!.AsArray().First(r => (string)r!["name"]! == "certificatesigningrequests")!;
        ((bool)csr["namespaced"]!).Should().BeFalse();
        csr["shortNames"]!.AsArray().Select(n => (string)n!).Should().Equal("csr");
    }

    [Fact]
    public async Task Create_ValidCsr_StoredWithEmptyStatusAndNoClientUsername()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, created) = await h.PostAsync(CsrPath, Csr("gw-1"));
        code.Should().Be(201, created.ToJsonString());
        created["status"]!.AsObject().Count.Should().Be(0);
        created["spec"]!["signerName"]!.GetValue<string>().Should().Be("tdcc.io/gateway");
        created["spec"]!["username"].Should().BeNull("the requester is the server's to record, and this server runs without authentication");
        var (namespacedCode, _) = await h.GetAsync("/apis/certificates.k8s.io/v1/namespaces/default/certificatesigningrequests/gw-1");
        namespacedCode.Should().Be(404);
    }

    [Fact]
    public async Task Approval_ThenStatus_ConditionsAndCertificateStored()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, created) = await h.PostAsync(CsrPath, Csr("gw-1"));

        var early = created.DeepClone().AsObject();
        early["status"] = new JsonObject { ["certificate"] = CertificateBase64() };
        var (earlyCode, earlyBody) = await h.PutAsync(CsrPath + "/gw-1/status", early);
        earlyCode.Should().Be(422, earlyBody.ToJsonString());
        ((string)earlyBody["message"]!).Should().Contain("status.certificate: Forbidden: certificate can only be set if the Approved condition is present");

        var approve = created.DeepClone().AsObject();
        approve["status"] = new JsonObject { ["conditions"] = new JsonArray(Condition("Approved")) };
        approve["spec"]!["signerName"] = "changed.io/ignored";
        var (approvedCode, approved) = await h.PutAsync(CsrPath + "/gw-1/approval", approve);
        approvedCode.Should().Be(200, approved.ToJsonString());
        approved["status"]!["conditions"]![0]!["type"]!.GetValue<string>().Should().Be("Approved");
        approved["status"]!["conditions"]![0]!["lastUpdateTime"].Should().NotBeNull();
        approved["spec"]!["signerName"]!.GetValue<string>().Should().Be("tdcc.io/gateway", "the spec is immutable");

        var issue = approved.DeepClone().AsObject();
        var certificate = CertificateBase64();
        issue["status"]!["certificate"] = certificate;
        var (issuedCode, issued) = await h.PutAsync(CsrPath + "/gw-1/status", issue);
        issuedCode.Should().Be(200, issued.ToJsonString());
        issued["status"]!["certificate"]!.GetValue<string>().Should().Be(certificate);

        var change = issued.DeepClone().AsObject();
        change["status"]!["certificate"] = CertificateBase64();
        var (changedCode, changed) = await h.PutAsync(CsrPath + "/gw-1/status", change);
        changedCode.Should().Be(422);
        ((string)changed["message"]!).Should().Contain("status.certificate: Forbidden: updates may not modify existing certificate content");

        var (tableCode, table) = await h.GetAsync(CsrPath, accept: "application/json;as=Table;v=v1;g=meta.k8s.io");
        tableCode.Should().Be(200);
        table["rows"]![0]!["cells"]![5]!.GetValue<string>().Should().Be("Approved,Issued");
    }

    [Fact]
    public async Task Approval_ApprovedAndDenied_Rejected()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, created) = await h.PostAsync(CsrPath, Csr("gw-1"));
        created["status"] = new JsonObject { ["conditions"] = new JsonArray(Condition("Approved"), Condition("Denied")) };
        var (code, body) = await h.PutAsync(CsrPath + "/gw-1/approval", created);
        code.Should().Be(422, body.ToJsonString());
        ((string)body["message"]!).Should().Contain("Approved and Denied conditions are mutually exclusive");
    }

    [Fact]
    public async Task Approval_RemovingApproved_Rejected()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, created) = await h.PostAsync(CsrPath, Csr("gw-1"));
        created["status"] = new JsonObject { ["conditions"] = new JsonArray(Condition("Approved")) };
        var (_, approved) = await h.PutAsync(CsrPath + "/gw-1/approval", created);
        approved["status"]!["conditions"] = new JsonArray();
        var (code, body) = await h.PutAsync(CsrPath + "/gw-1/approval", approved);
        code.Should().Be(422, body.ToJsonString());
        ((string)body["message"]!).Should().Contain("updates may not remove a condition of type \"Approved\"");
    }

    [Fact]
    public async Task Status_AddingApproved_IgnoredAsKubeDoes()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, created) = await h.PostAsync(CsrPath, Csr("gw-1"));
        created["status"] = new JsonObject { ["conditions"] = new JsonArray(Condition("Approved"), Condition("Failed")) };
        var (code, body) = await h.PutAsync(CsrPath + "/gw-1/status", created);
        code.Should().Be(200, body.ToJsonString());
        body["status"]!["conditions"]!.AsArray().Select(c => (string)c!["type"]!).Should().Equal("Failed");
    }

    [Theory]
    [InlineData("nosigner", "spec.signerName: Required value")]
    [InlineData("notpem", "spec.request: Invalid value: []byte{...}: PEM block type must be CERTIFICATE REQUEST")]
    [InlineData("nousages", "spec.usages: Required value")]
    [InlineData("badusage", "spec.usages[0]: Unsupported value: \"flying\"")]
    [InlineData("short", "spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)")]
    [InlineData("badsigner", "spec.signerName: Invalid value: \"gateway\": must be a fully qualified domain and path of the form 'example.com/signer-name'")]
    public async Task Create_Invalid_422WithKubeMessage(string which, string message)
    {
        await using var h = await ApiServerHarness.StartAsync();
        var csr = which switch
        {
            "nosigner" => Csr("x", signer: null),
            "notpem" => Csr("x", requestPem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
            "nousages" => Csr("x", usages: []),
            "badusage" => Csr("x", usages: ["flying"]),
            "badsigner" => Csr("x", signer: "gateway"),
            _ => Csr("x"),
        };
        if (which == "short")
        {
            csr["spec"]!["expirationSeconds"] = 60;
        }

        var (code, body) = await h.PostAsync(CsrPath, csr);
        code.Should().Be(422, body.ToJsonString());
        ((string)body["message"]!).Should().StartWith("CertificateSigningRequest.certificates.k8s.io \"x\" is invalid").And.Contain(message);
    }

    [Fact]
    public async Task Create_RequestNotBase64_400()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var csr = Csr("x");
        csr["spec"]!["request"] = "not base64!";
        var (code, body) = await h.PostAsync(CsrPath, csr);
        code.Should().Be(400, body.ToJsonString());
        ((string)body["message"]!).Should().Contain("illegal base64 data");
    }

    [Fact]
    public async Task Create_TamperedSignature_422()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var pem = RequestPem();
        var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        der[^3] ^= 0x55;
        var tampered = "-----BEGIN CERTIFICATE REQUEST-----\n" + Convert.ToBase64String(der) + "\n-----END CERTIFICATE REQUEST-----\n";
        var (code, body) = await h.PostAsync(CsrPath, Csr("x", requestPem: tampered));
        code.Should().Be(422, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(body.ToJsonString())));
        ((string)body["message"]!).Should().Contain("spec.request: Invalid value");
    }
}
