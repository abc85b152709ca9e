using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.ApiServer.Tests.Http;

/// <summary>A client's mistake is a 4xx (or a 503/504 to retry) with kube's Status and one debug line, never a 500.</summary>
public sealed class ClientErrorTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task Post_BadChunkSize_Answers400()
    {
        await using var h = await ApiServerHarness.StartAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(h.Server.BaseAddress.Host, h.Server.BaseAddress.Port);
        var stream = tcp.GetStream();
        var request = $"POST {ConfigMaps} HTTP/1.1\r\nHost: {h.Server.BaseAddress.Authority}\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));

        response.Should().StartWith("HTTP/1.1 400");
        response.Should().Contain("\"reason\":\"BadRequest\"");
    }

    [Fact]
    public async Task Request_WhileStopping_Answers503WithRetryAfter()
    {
        var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "stopping" });
        await server.DisposeAsync();
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = ConfigMaps;
        using var body = new MemoryStream();
        context.Response.Body = body;

        await server.HandleAsync(context);

        context.Response.StatusCode.Should().Be(503);
        context.Response.Headers.RetryAfter.ToString().Should().Be("1");
        var status = JsonNode.Parse(body.ToArray())!;
        ((string?)status["reason"]).Should().Be("ServiceUnavailable");
        ((string?)status["message"]).Should().Be("The apiserver is shutting down, please try again later.");
    }

    [Fact]
    public async Task Watch_FutureResourceVersion_Answers504TooLargeResourceVersion()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var current = h.Server.Store.ResourceVersion;
        var future = current + 1000;

        using var response = await h.Client.GetAsync($"{ConfigMaps}?watch=1&resourceVersion={future}");

        ((int)response.StatusCode).Should().Be(504);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((string?)status["reason"]).Should().Be("Timeout");
        ((string?)status["message"]).Should().Be($"Too large resource version: {future}, current: {current}");
        ((string?)status["details"]!["causes"]![0]!["reason"]).Should().Be("ResourceVersionTooLarge");
    }

    [Fact]
    public async Task Watch_ResourceVersionReachedWhileWaiting_Streams()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var next = h.Server.Store.ResourceVersion + 1;
        var watch = h.Client.GetAsync($"{ConfigMaps}?watch=1&resourceVersion={next}&timeoutSeconds=1", HttpCompletionOption.ResponseHeadersRead);
        await Task.Delay(200);
        (await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("arrives"))).Code.Should().Be(201);

        using var response = await watch;

        ((int)response.StatusCode).Should().Be(200);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task Post_NonObjectMediaType_Answers415(string contentType)
    {
        await using var h = await ApiServerHarness.StartAsync();

        var (code, status) = await h.SendAsync(HttpMethod.Post, ConfigMaps, ApiServerHarness.ConfigMap("plain").ToJsonString(), contentType);

        code.Should().Be(415);
        ((string?)status["reason"]).Should().Be("UnsupportedMediaType");
        ((string?)status["message"]).Should().Be(
            "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
        (await h.GetAsync(ConfigMaps + "/plain")).Code.Should().Be(404);
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":5}}""", "cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string")]
    [InlineData("""{"apiVersion":"v1","kind":{},"metadata":{"name":"a"}}""", "cannot unmarshal object into Go struct field .kind of type string")]
    [InlineData("""{"apiVersion":7,"kind":"ConfigMap","metadata":{"name":"a"}}""", "cannot unmarshal number into Go struct field .apiVersion of type string")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":"a"}""", "cannot unmarshal string into Go struct field ObjectMeta.metadata of type v1.ObjectMeta")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{"x":1}}}""", "cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":["default"]}}""", "cannot unmarshal array into Go struct field ObjectMeta.metadata.namespace of type string")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","finalizers":"x"}}""", "cannot unmarshal string into Go struct field ObjectMeta.metadata.finalizers of type []string")]
    public async Task Post_WrongMetadataTypes_Answers400(string body, string message)
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "shape" }, loggerFactory);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync(ConfigMaps, content);

        ((int)response.StatusCode).Should().Be(400);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((string?)status["reason"]).Should().Be("BadRequest");
        ((string?)status["message"]).Should().Contain(message);
        logs.Entries.Should().ContainSingle(e => e.EventName == "RequestRefused").Which.Level.Should().Be(LogLevel.Debug);
        logs.Entries.Should().NotContain(e => e.Level >= LogLevel.Warning || e.Exception != null);
    }

    [Fact]
    public async Task MergePatch_WrongMetadataTypes_Answers400AndStoresNothing()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, created) = await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("patched"));

        var (code, status) = await h.PatchAsync(ConfigMaps + "/patched", """{"metadata":{"labels":{"a":1}}}""");

        code.Should().Be(400);
        ((string?)status["message"]).Should().Contain("cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string");
        var (_, stored) = await h.GetAsync(ConfigMaps + "/patched");
        ((string?)stored["metadata"]!["resourceVersion"]).Should().Be((string?)created["metadata"]!["resourceVersion"]);
    }

    private sealed record LogEntry(LogLevel Level, string? EventName, Exception? Exception);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> entries = new();

        public IReadOnlyList<LogEntry> Entries => [.. entries];

        public ILogger CreateLogger(string categoryName) => new Logger(entries);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogEntry(logLevel, eventId.Name, exception));
        }
    }
}
