using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Grpc.Client;
using Tdcc.Mesh.Grpc.Framing;
using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Grpc.Tests.Server;

/// <summary>The server mapping and the client channel against each other over a real Kestrel h2c listener.</summary>
public sealed class GrpcEndToEndTests(TestGrpcServer server) : IClassFixture<TestGrpcServer>, IDisposable
{
    private static readonly GrpcMethod<StringValue, StringValue> Unary = new("/test.Echo/Unary");
    private static readonly GrpcMethod<StringValue, StringValue> ServerStream = new("/test.Echo/ServerStream");
    private static readonly GrpcMethod<StringValue, StringValue> ClientStream = new("/test.Echo/ClientStream");
    private static readonly GrpcMethod<StringValue, StringValue> Duplex = new("/test.Echo/Duplex");
    private static readonly GrpcMethod<StringValue, StringValue> Slow = new("/test.Echo/Slow");
    private static readonly GrpcMethod<StringValue, StringValue> WaitForCancel = new("/test.Echo/WaitForCancel");
    private static readonly GrpcMethod<StringValue, StringValue> Fail = new("/test.Echo/Fail");
    private static readonly GrpcMethod<StringValue, StringValue> Crash = new("/test.Echo/Crash");
    private static readonly GrpcMethod<StringValue, StringValue> Missing = new("/test.Echo/Missing");

    private readonly IGrpcChannel _channel = GrpcChannel.ForAddress(server.Address);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task UnaryAsync_Echo_ReturnsResponseWithMetadata()
    {
        var options = new GrpcCallOptions { Headers = [new("x-tag", "t1")] };

        var response = await _channel.UnaryAsync(Unary, new StringValue { Value = "hello" }, options);

        response.Value.Should().Be("hello|t1");
    }

    [Fact]
    public async Task ServerStreaming_ManyMessages_ReadsAllThenOk()
    {
        using var call = _channel.ServerStreaming(ServerStream, new StringValue { Value = "100" });

        var values = new List<string>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            values.Add(message.Value);
        }

        values.Should().HaveCount(100).And.StartWith("0").And.EndWith("99");
        call.GetStatus().StatusCode.Should().Be(StatusCode.OK);
    }

    [Fact]
    public async Task ServerStreaming_ZeroMessages_TrailersOnlyOk()
    {
        using var call = _channel.ServerStreaming(ServerStream, new StringValue { Value = "0" });

        (await call.ResponseStream.MoveNextAsync()).Should().BeFalse();
        call.GetStatus().StatusCode.Should().Be(StatusCode.OK);
    }

    [Fact]
    public async Task ClientStreaming_SeveralRequests_ReturnsOneResponse()
    {
        using var call = _channel.ClientStreaming(ClientStream);
        foreach (var value in new[] { "a", "b", "c" })
        {
            await call.RequestStream.WriteAsync(new StringValue { Value = value });
        }

        await call.RequestStream.CompleteAsync();

        (await call.ResponseAsync).Value.Should().Be("a,b,c");
    }

    [Fact]
    public async Task DuplexStreaming_ManyMessages_EchoesEachInOrder()
    {
        using var call = _channel.DuplexStreaming(Duplex);
        const int count = 1000;
        var reading = Task.Run(async () =>
        {
            var received = new List<string>();
            await foreach (var message in call.ResponseStream.ReadAllAsync())
            {
                received.Add(message.Value);
            }

            return received;
        });

        for (var i = 0; i < count; i++)
        {
            await call.RequestStream.WriteAsync(new StringValue { Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        await call.RequestStream.CompleteAsync();
        var received = await reading.WaitAsync(TimeSpan.FromSeconds(30));

        received.Should().HaveCount(count);
        received[^1].Should().Be("echo:999");
        call.GetStatus().StatusCode.Should().Be(StatusCode.OK);
        call.GetTrailers().Should().ContainKey("x-count");
    }

    [Fact]
    public async Task UnaryAsync_DeadlinePasses_ThrowsDeadlineExceeded()
    {
        var options = new GrpcCallOptions { Deadline = DateTimeOffset.UtcNow.AddMilliseconds(200) };

        var call = async () => await _channel.UnaryAsync(Slow, new StringValue(), options);

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
    }

    [Fact]
    public async Task Server_GrpcTimeoutHeader_EnforcesDeadlineWithStatus()
    {
        // A raw client that sends grpc-timeout but doesn't enforce it: the server's own deadline answers.
        using var http = new HttpClient();
        using var request = NewRawRequest("/test.Echo/Slow", GrpcFrameWriter.ToFrame(new StringValue()));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "100m");

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        StatusOf(response).Should().Be("4");
    }

    [Fact]
    public async Task DuplexStreaming_ClientCancels_ServerTokenCancelledAndClientSeesCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        using var call = _channel.DuplexStreaming(WaitForCancel, cancellationToken: cancellation.Token);
        (await call.ResponseStream.MoveNextAsync()).Should().BeTrue();

        await cancellation.CancelAsync();

        await server.ServerSawCancellation.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var next = async () => await call.ResponseStream.MoveNextAsync();
        (await next.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Cancelled);
    }

    [Fact]
    public async Task UnaryAsync_UnknownMethod_ThrowsUnimplemented()
    {
        var call = async () => await _channel.UnaryAsync(Missing, new StringValue());

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unimplemented);
    }

    [Fact]
    public async Task UnaryAsync_HandlerThrowsRpcException_ReturnsThatStatusAndDecodedMessage()
    {
        var call = async () => await _channel.UnaryAsync(Fail, new StringValue());

        var error = (await call.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.NotFound);
        error.Status.Detail.Should().Be("no such thing: 100% \u00e9");
    }

    [Fact]
    public async Task UnaryAsync_HandlerCrashes_ReturnsUnknownWithoutDetails()
    {
        var call = async () => await _channel.UnaryAsync(Crash, new StringValue());

        var error = (await call.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Unknown);
        error.Status.Detail.Should().NotContain("secret");
    }

    [Fact]
    public async Task UnaryAsync_RequestOverServerLimit_ThrowsResourceExhausted()
    {
        var call = async () => await _channel.UnaryAsync(Unary, new StringValue { Value = new string('x', 100_000) });

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task UnaryAsync_ResponseOverClientLimit_ThrowsResourceExhausted()
    {
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 10 });

        var call = async () => await channel.UnaryAsync(Unary, new StringValue { Value = new string('x', 100) });

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task UnaryAsync_GzipRequests_ServerDecompresses()
    {
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { CompressRequests = true });

        var response = await channel.UnaryAsync(Unary, new StringValue { Value = new string('z', 5000) });

        response.Value.Should().StartWith("zzzz");
    }

    [Fact]
    public async Task UnaryAsync_NothingListening_ThrowsUnavailable()
    {
        using var channel = GrpcChannel.ForAddress(new Uri("http://127.0.0.1:1"));

        var call = async () => await channel.UnaryAsync(Unary, new StringValue());

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unavailable);
    }

    [Fact]
    public async Task Server_WrongContentType_Returns415()
    {
        using var http = new HttpClient();
        using var request = NewRawRequest("/test.Echo/Unary", GrpcFrameWriter.ToFrame(new StringValue()));
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Server_GrpcProtoContentType_Accepted()
    {
        using var http = new HttpClient();
        using var request = NewRawRequest("/test.Echo/Unary", GrpcFrameWriter.ToFrame(new StringValue { Value = "p" }));
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/grpc+proto");

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        StatusOf(response).Should().Be("0");
    }

    [Fact]
    public async Task Server_CompressedFrameWithoutEncoding_ReturnsInternal()
    {
        using var http = new HttpClient();
        using var request = NewRawRequest("/test.Echo/Unary", [0x01, 0x00, 0x00, 0x00, 0x03, 0x0A, 0x01, 0x61]);

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        StatusOf(response).Should().Be("13");
    }

    [Fact]
    public async Task Server_TruncatedRequestBody_ReturnsInternal()
    {
        using var http = new HttpClient();
        using var request = NewRawRequest("/test.Echo/Unary", [0x00, 0x00, 0x00, 0x00, 0x09, 0x0A]);

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        StatusOf(response).Should().Be("13");
    }

    private HttpRequestMessage NewRawRequest(string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        return new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
    }

    private static string? StatusOf(HttpResponseMessage response) =>
        response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.First()
        : response.Headers.TryGetValues("grpc-status", out var header) ? header.First()
        : null;
}
