using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Tests.Fakes;

namespace Tdcc.Mesh.Kube.Tests.Client;

public sealed class KubeTransportTests
{
    private const string Throttled = """{"kind":"Status","status":"Failure","reason":"TooManyRequests","code":429}""";
    private const string Internal = """{"kind":"Status","status":"Failure","reason":"InternalError","code":500,"message":"etcd hiccup"}""";
    private const string Ok = """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c"}}""";

    private readonly FakeHttpHandler handler = new();
    private readonly RecordingTimeProvider time = new();

    [Fact]
    public async Task SendAsync_GetAfter500_RetriesAndSucceeds()
    {
        handler.Respond(HttpStatusCode.InternalServerError, Internal).Respond(HttpStatusCode.ServiceUnavailable, "").Respond(HttpStatusCode.OK, Ok);
        using var transport = Transport();

        using var response = await transport.SendAsync(new KubeRequest(HttpMethod.Get, "/api/v1/x"), CancellationToken.None);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        handler.Requests.Should().HaveCount(3);
        time.Delays.Should().HaveCount(2);
    }

    [Fact]
    public async Task SendAsync_PostAfter500_DoesNotRetry()
    {
        handler.Respond(HttpStatusCode.InternalServerError, Internal);
        using var transport = Transport();

        var act = () => transport.SendAsync(new KubeRequest(HttpMethod.Post, "/api/v1/x") { Body = "{}"u8.ToArray() }, CancellationToken.None);

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.InternalError);
        handler.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task SendAsync_PostAfter429_RetriesWithSameBodyHonouringRetryAfter()
    {
        handler.Respond(HttpStatusCode.TooManyRequests, Throttled, r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(2)))
            .Respond(HttpStatusCode.Created, Ok);
        using var transport = Transport();

        using var response = await transport.SendAsync(new KubeRequest(HttpMethod.Post, "/api/v1/x") { Body = "{\"a\":1}"u8.ToArray(), ContentType = "application/json" }, CancellationToken.None);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        handler.Requests.Select(r => r.Body).Should().Equal("{\"a\":1}", "{\"a\":1}");
        time.Delays.Should().Equal(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task SendAsync_AlwaysThrottled_StopsAfterMaxAttempts()
    {
        for (var i = 0; i < 3; i++)
        {
            handler.Respond(HttpStatusCode.TooManyRequests, Throttled);
        }

        using var transport = Transport(new RetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) });

        var act = () => transport.SendAsync(new KubeRequest(HttpMethod.Get, "/api/v1/x"), CancellationToken.None);

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.TooManyRequests);
        handler.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task SendAsync_NotFound_IsNotRetried()
    {
        handler.Respond(HttpStatusCode.NotFound, """{"kind":"Status","reason":"NotFound","code":404}""");
        using var transport = Transport();

        var act = () => transport.SendAsync(new KubeRequest(HttpMethod.Get, "/api/v1/x"), CancellationToken.None);

        (await act.Should().ThrowAsync<KubeApiException>()).Which.IsNotFound.Should().BeTrue();
        handler.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task SendAsync_ConnectionFailureOnGet_Retries()
    {
        handler.Respond(_ => throw new HttpRequestException("connection refused")).Respond(HttpStatusCode.OK, Ok);
        using var transport = Transport();

        using var response = await transport.SendAsync(new KubeRequest(HttpMethod.Get, "/api/v1/x"), CancellationToken.None);

        handler.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task SendAsync_CancelledDuringBackoff_ThrowsOperationCanceled()
    {
        handler.Respond(HttpStatusCode.TooManyRequests, Throttled, r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(20)));
        using var cts = new CancellationTokenSource();
        var slow = new RecordingTimeProvider { FireBelow = TimeSpan.Zero };
        using var transport = new KubeTransport(Options(new RetryPolicy()), handler, false, slow, NullLogger.Instance);

        var task = transport.SendAsync(new KubeRequest(HttpMethod.Get, "/api/v1/x"), cts.Token);
        await cts.CancelAsync();

        await task.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
    }

    [Theory]
    [InlineData(1, 0.0, 100)]
    [InlineData(1, 1.0, 200)]
    [InlineData(3, 1.0, 800)]
    [InlineData(10, 1.0, 5000)]
    public void Backoff_Exponential_CappedWithJitter(int attempt, double jitter, int expectedMs)
    {
        using var transport = new KubeTransport(
            Options(new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(5) }),
            handler, false, time, NullLogger.Instance, () => jitter);

        transport.Backoff(attempt, null).Should().Be(TimeSpan.FromMilliseconds(expectedMs));
        transport.Backoff(attempt, TimeSpan.FromMinutes(5)).Should().Be(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task SendAsync_Headers_CarryAcceptUserAgentAndBearerToken()
    {
        handler.Respond(HttpStatusCode.OK, Ok);
        using var transport = new KubeTransport(Options(new RetryPolicy()) with { BearerToken = "abc" }, handler, false, time, NullLogger.Instance);

        using var response = await transport.SendAsync(new KubeRequest(HttpMethod.Get, "/api/v1/x"), CancellationToken.None);

        var message = handler.Requests[0].Message;
        message.Headers.Authorization!.ToString().Should().Be("Bearer abc");
        message.Headers.Accept.ToString().Should().Be("application/json");
        message.Headers.UserAgent.ToString().Should().StartWith("tdcc-mesh/");
    }

    [Fact]
    public async Task SendAsync_BasicAuth_SendsEncodedCredentials()
    {
        handler.Respond(HttpStatusCode.OK, Ok);
        using var transport = new KubeTransport(Options(new RetryPolicy()) with { Username = "u", Password = "p" }, handler, false, time, NullLogger.Instance);

        using var response = await transport.SendAsync(new KubeRequest(HttpMethod.Get, "/x"), CancellationToken.None);

        handler.Requests[0].Message.Headers.Authorization!.ToString().Should().Be("Basic dTpw");
    }

    private KubeTransport Transport(RetryPolicy? policy = null) =>
        new(Options(policy ?? new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(10) }), handler, false, time, NullLogger.Instance);

    private static KubeClientOptions Options(RetryPolicy policy) =>
        KubeClientOptions.ForServer(new Uri("https://kube.test:6443")) with { Retry = policy, RequestTimeout = TimeSpan.FromHours(1) };
}
