using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Tdcc.Mesh.Grpc;
using Tdcc.Mesh.Grpc.Client;
using Tdcc.Mesh.Grpc.Status;
using Tdcc.Mesh.Protos;
using Tdcc.Mesh.Protos.Echo.V1;
using Tdcc.Mesh.Protos.Health.V1;
using Tdcc.Mesh.Sandbox.Workloads;

namespace Tdcc.Mesh.Sandbox.Tests.Workloads;

public sealed class EchoWorkloadTests
{
    private static readonly GrpcMethod<EchoRequest, EchoResponse> Echo = new(ProtoPaths.Echo);
    private static readonly GrpcMethod<EchoRequest, EchoResponse> EchoStream = new(ProtoPaths.EchoStream);
    private static readonly GrpcMethod<EchoRequest, EchoResponse> EchoChat = new(ProtoPaths.EchoChat);
    private static readonly GrpcMethod<HealthCheckRequest, HealthCheckResponse> Check = new(ProtoPaths.HealthCheck);
    private static readonly GrpcMethod<HealthCheckRequest, HealthCheckResponse> Watch = new(ProtoPaths.HealthWatch);

    [Fact]
    public async Task HttpPort_Http11Request_ReturnsIdentityAsJson()
    {
        await using var pod = await EchoPod.StartAsync(1);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, pod.Url(EchoPod.HttpPort, "/some/path?x=1"));
        request.Headers.Add("x-trace", "abc");

        using var response = await http.SendAsync(request);
        var reply = await response.Content.ReadFromJsonAsync<EchoHttpReply>();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        reply!.Pod.Should().Be("echo-1");
        reply.Cluster.Should().Be("east");
        reply.Namespace.Should().Be("shop");
        reply.PodIP.Should().Be("127.10.200.1");
        reply.Path.Should().Be("/some/path");
        reply.Query.Should().Be("?x=1");
        reply.Protocol.Should().Be("HTTP/1.1");
        reply.Headers.Should().ContainKey("x-trace").WhoseValue.Should().Be("abc");
    }

    [Fact]
    public async Task HttpPort_H2cPriorKnowledge_ServedOverHttp2()
    {
        await using var pod = await EchoPod.StartAsync(2);
        using var http = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http.GetAsync(pod.Url(EchoPod.HttpPort, "/h2"));
        var reply = await response.Content.ReadFromJsonAsync<EchoHttpReply>();

        response.Version.Should().Be(HttpVersion.Version20);
        reply!.Protocol.Should().Be("HTTP/2");
        reply.Port.Should().Be(EchoPod.HttpPort);
    }

    [Fact]
    public async Task HttpPort_Healthz_ReturnsOk()
    {
        await using var pod = await EchoPod.StartAsync(3);
        using var http = new HttpClient();

        (await http.GetStringAsync(pod.Url(EchoPod.HttpPort, "/healthz"))).Should().Be("ok");
    }

    [Fact]
    public async Task TcpPort_Bytes_EchoedBack()
    {
        await using var pod = await EchoPod.StartAsync(4);
        using var client = new TcpClient();
        await client.ConnectAsync(pod.IP, EchoPod.TcpPort);
        var stream = client.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes("ping\n"));
        var buffer = new byte[5];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Encoding.ASCII.GetString(buffer).Should().Be("ping\n");
    }

    [Fact]
    public async Task GrpcPort_EchoUnary_ReturnsIdentityAndMetadata()
    {
        await using var pod = await EchoPod.StartAsync(5);
        using var channel = GrpcChannel.ForAddress(pod.Url(EchoPod.GrpcPort));

        var response = await channel.UnaryAsync(Echo, new EchoRequest { Text = "hi" },
            new GrpcCallOptions { Headers = [new("x-user", "alice")] });

        response.Text.Should().Be("hi");
        response.Pod.Should().Be("echo-5");
        response.PodIp.Should().Be("127.10.200.5");
        response.Port.Should().Be(EchoPod.GrpcPort);
        response.Headers.Should().ContainKey("x-user").WhoseValue.Should().Be("alice");
    }

    [Fact]
    public async Task GrpcPort_EchoStreamAndChat_StreamInOrder()
    {
        await using var pod = await EchoPod.StartAsync(6);
        using var channel = GrpcChannel.ForAddress(pod.Url(EchoPod.GrpcPort));

        using var stream = channel.ServerStreaming(EchoStream, new EchoRequest { Text = "s", Repeat = 5 });
        var sequences = new List<int>();
        await foreach (var message in stream.ResponseStream.ReadAllAsync())
        {
            sequences.Add(message.Sequence);
        }

        using var chat = channel.DuplexStreaming(EchoChat);
        for (var i = 0; i < 3; i++)
        {
            await chat.RequestStream.WriteAsync(new EchoRequest { Text = $"m{i}" });
            (await chat.ResponseStream.MoveNextAsync()).Should().BeTrue();
            chat.ResponseStream.Current.Text.Should().Be($"m{i}");
        }

        await chat.RequestStream.CompleteAsync();

        sequences.Should().Equal(0, 1, 2, 3, 4);
        (await chat.ResponseStream.MoveNextAsync()).Should().BeFalse();
    }

    [Fact]
    public async Task GrpcPort_Health_CheckAndWatchServing()
    {
        await using var pod = await EchoPod.StartAsync(7);
        using var channel = GrpcChannel.ForAddress(pod.Url(EchoPod.GrpcPort));

        var check = await channel.UnaryAsync(Check, new HealthCheckRequest());
        var unknown = async () => await channel.UnaryAsync(Check, new HealthCheckRequest { Service = "nope" });
        using var watch = channel.ServerStreaming(Watch, new HealthCheckRequest { Service = ProtoPaths.EchoService });

        check.Status.Should().Be(HealthCheckResponse.Types.ServingStatus.Serving);
        (await unknown.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.NotFound);
        (await watch.ResponseStream.MoveNextAsync()).Should().BeTrue();
        watch.ResponseStream.Current.Status.Should().Be(HealthCheckResponse.Types.ServingStatus.Serving);
    }

    [Fact]
    public async Task GrpcPort_Http11Request_Returns426()
    {
        await using var pod = await EchoPod.StartAsync(8);
        using var http = new HttpClient();
        using var content = new ByteArrayContent([0, 0, 0, 0, 0]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");

        using var response = await http.PostAsync(pod.Url(EchoPod.GrpcPort, ProtoPaths.Echo), content);

        response.StatusCode.Should().Be(HttpStatusCode.UpgradeRequired);
    }

    [Fact]
    public async Task StopAsync_OpenWatch_EndsAndEveryPortRefusesConnections()
    {
        var pod = await EchoPod.StartAsync(9);
        using var channel = GrpcChannel.ForAddress(pod.Url(EchoPod.GrpcPort));
        using var watch = channel.ServerStreaming(Watch, new HealthCheckRequest());
        (await watch.ResponseStream.MoveNextAsync()).Should().BeTrue();

        await pod.Workload.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        foreach (var port in new[] { EchoPod.HttpPort, EchoPod.GrpcPort, EchoPod.TcpPort })
        {
            using var client = new TcpClient();
            var connect = async () => await client.ConnectAsync(pod.IP, port);
            (await connect.Should().ThrowAsync<SocketException>()).Which.SocketErrorCode.Should().Be(SocketError.ConnectionRefused);
        }

        await pod.DisposeAsync();
    }

    [Fact]
    public async Task StartAsync_AfterStop_ServesAgain()
    {
        await using var pod = await EchoPod.StartAsync(10);
        await pod.Workload.StopAsync();

        await pod.Workload.StartAsync();
        using var http = new HttpClient();

        (await http.GetStringAsync(pod.Url(EchoPod.HttpPort, "/healthz"))).Should().Be("ok");
    }
}
