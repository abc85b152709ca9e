using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests.Http;

/// <summary>
/// The create-only endpoints (<c>pods/eviction</c>, <c>serviceaccounts/token</c>, the access reviews) take only a POST of
/// their own kind, and refuse anything else with kube's Status before looking at the object they name.
/// </summary>
public sealed class PostedObjectTests
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "/api/v1/namespaces/default/pods/web-1/eviction", "policy.Eviction" },
        { "/api/v1/namespaces/default/serviceaccounts/robot/token", "authentication.TokenRequest" },
        { "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "authorization.SelfSubjectAccessReview" },
        { "/apis/authentication.k8s.io/v1/tokenreviews", "authentication.TokenReview" },
    };

    public static TheoryData<string> Paths => new(Endpoints.Select(row => (string)row[0]));

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Post_OtherKind_Answers400WithKubesDecoderMessage(string path, string internalType)
    {
        await using var h = await ApiServerHarness.StartAsync();
        var kind = internalType[(internalType.IndexOf('.', StringComparison.Ordinal) + 1)..];

        var (code, status) = await h.PostAsync(path, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = new JsonObject { ["name"] = "web-1" } });

        code.Should().Be(400);
        ((string?)status["reason"]).Should().Be("BadRequest");
        ((string?)status["message"]).Should().Be($"Pod in version \"v1\" cannot be handled as a {kind}: converting (v1.Pod) to ({internalType}): unknown conversion");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Get_Answers405(string path)
    {
        await using var h = await ApiServerHarness.StartAsync();

        var (code, status) = await h.GetAsync(path);

        code.Should().Be(405);
        ((string?)status["reason"]).Should().Be("MethodNotAllowed");
        ((string?)status["message"]).Should().Be("the server does not allow this method on the requested resource");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Post_BadBodies_Answer400(string path)
    {
        await using var h = await ApiServerHarness.StartAsync();

        foreach (var body in new[] { "{", "[1]", """{"kind":5}""", string.Empty })
        {
            var (code, status) = await h.SendAsync(HttpMethod.Post, path, body);

            code.Should().Be(400, "the body {0} is the client's mistake", body);
            ((string?)status["reason"]).Should().Be("BadRequest");
        }
    }
}
