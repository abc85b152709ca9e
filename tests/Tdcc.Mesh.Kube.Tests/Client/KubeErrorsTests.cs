using Tdcc.Mesh.Kube.Client;

namespace Tdcc.Mesh.Kube.Tests.Client;

public sealed class KubeErrorsTests
{
    [Theory]
    [InlineData(404, "NotFound", KubeErrorReason.NotFound)]
    [InlineData(409, "AlreadyExists", KubeErrorReason.AlreadyExists)]
    [InlineData(409, "Conflict", KubeErrorReason.Conflict)]
    [InlineData(422, "Invalid", KubeErrorReason.Invalid)]
    [InlineData(403, "Forbidden", KubeErrorReason.Forbidden)]
    [InlineData(401, "Unauthorized", KubeErrorReason.Unauthorized)]
    [InlineData(400, "BadRequest", KubeErrorReason.BadRequest)]
    [InlineData(405, "MethodNotAllowed", KubeErrorReason.MethodNotAllowed)]
    [InlineData(410, "Expired", KubeErrorReason.Expired)]
    [InlineData(410, "Gone", KubeErrorReason.Gone)]
    [InlineData(429, "TooManyRequests", KubeErrorReason.TooManyRequests)]
    [InlineData(500, "InternalError", KubeErrorReason.InternalError)]
    [InlineData(503, "ServiceUnavailable", KubeErrorReason.ServiceUnavailable)]
    [InlineData(504, "Timeout", KubeErrorReason.Timeout)]
    [InlineData(500, "ServerTimeout", KubeErrorReason.Timeout)]
    [InlineData(415, "UnsupportedMediaType", KubeErrorReason.UnsupportedMediaType)]
    [InlineData(418, "SomethingNew", KubeErrorReason.Unknown)]
    public void FromResponse_StatusBody_MapsReason(int code, string reason, KubeErrorReason expected)
    {
        var body = $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"boom","reason":"{{reason}}","code":{{code}}}""";

        var error = KubeErrors.FromResponse(code, body, null);

        error.Reason.Should().Be(expected);
        error.StatusCode.Should().Be(code);
        error.Message.Should().Be("boom");
        error.Status!.Outcome.Should().Be("Failure");
    }

    [Fact]
    public void FromResponse_InvalidWithCauses_ExposesCauses()
    {
        const string body = """
            {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Invalid","code":422,
             "message":"Service \"s\" is invalid: spec.ports[0].port: Required value",
             "details":{"name":"s","kind":"Service","causes":[{"reason":"FieldValueRequired","message":"Required value","field":"spec.ports[0].port"}]}}
            """;

        var error = KubeErrors.FromResponse(422, body, null);

        error.Reason.Should().Be(KubeErrorReason.Invalid);
        error.Causes.Should().ContainSingle().Which.Field.Should().Be("spec.ports[0].port");
        error.Status!.Details!.Kind.Should().Be("Service");
    }

    [Fact]
    public void FromResponse_RetryAfterSecondsInDetails_SetsRetryAfter()
    {
        const string body = """{"kind":"Status","status":"Failure","reason":"TooManyRequests","code":429,"details":{"retryAfterSeconds":3}}""";

        KubeErrors.FromResponse(429, body, null).RetryAfter.Should().Be(TimeSpan.FromSeconds(3));
        KubeErrors.FromResponse(429, body, TimeSpan.FromSeconds(7)).RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
    }

    [Theory]
    [InlineData(404, "404 page not found", KubeErrorReason.NotFound)]
    [InlineData(503, "", KubeErrorReason.ServiceUnavailable)]
    [InlineData(502, "<html>bad gateway</html>", KubeErrorReason.Unknown)]
    [InlineData(409, "{\"not\":\"a status\"}", KubeErrorReason.Conflict)]
    public void FromResponse_NonStatusBody_FallsBackToCode(int code, string body, KubeErrorReason expected)
    {
        var error = KubeErrors.FromResponse(code, body, null);

        error.Reason.Should().Be(expected);
        error.Status.Should().BeNull();
        error.StatusCode.Should().Be(code);
    }

    [Fact]
    public void FromStatus_StatusWithoutCode_UsesFallbackCode()
    {
        var error = KubeErrors.FromStatus(new Tdcc.Mesh.Kube.Model.Status { Reason = "Expired", Message = "too old resource version" }, 410);

        error.IsGone.Should().BeTrue();
        error.StatusCode.Should().Be(410);
    }
}
