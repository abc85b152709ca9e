using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Tests.Support;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.Gateway.Tests.Ingress;

/// <summary>
/// East's gateway serving ingress listeners from a fixed configuration, west's gateway beside it: pods a, b and c in
/// east (Services demo/a, demo/b, demo/c), pod remote in west exported as the clusterset service
/// <c>remote.demo:8080</c>, which east imports (its outbound port, backend cluster west, through the tunnel).
/// Real sockets on loopback; requests are sent to east's ingress port with the Host the test names.
/// </summary>
internal sealed class IngressRig : IAsyncDisposable
{
    public static readonly ServiceKey RemoteService = new("demo", "remote", 8080);

    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, UseCookies = false });

    private IngressRig(GatewayMesh mesh, FixedIngressSource source, IngressEchoServer a, IngressEchoServer b, IngressEchoServer c, IngressEchoServer remote, int port)
    {
        Mesh = mesh;
        Source = source;
        A = a;
        B = b;
        C = c;
        Remote = remote;
        Port = port;
    }

    public GatewayMesh Mesh { get; }

    public FixedIngressSource Source { get; }

    public IngressEchoServer A { get; }

    public IngressEchoServer B { get; }

    public IngressEchoServer C { get; }

    public IngressEchoServer Remote { get; }

    /// <summary>The ingress port of the tests' listeners.</summary>
    public int Port { get; }

    public IPAddress Address => Mesh.Address("east");

    public static async Task<IngressRig> StartAsync()
    {
        var source = new FixedIngressSource();
        var mesh = await GatewayMesh.StartWithIngressAsync("east", source, "east", "west");
        var a = await IngressEchoServer.StartAsync(TestAddresses.Pod(0), "a");
        var b = await IngressEchoServer.StartAsync(TestAddresses.Pod(0), "b");
        var c = await IngressEchoServer.StartAsync(TestAddresses.Pod(0), "c");
        var remote = await IngressEchoServer.StartAsync(TestAddresses.Pod(1), "remote");
        mesh.Configure("west", [], [new InboundPort(RemoteService, GatewayProtocol.Http, [new EndpointAddress(remote.EndPoint.Address.ToString(), remote.EndPoint.Port)])]);
        mesh.Configure("east", [new OutboundPort(RemoteService, TestAddresses.FreePort(mesh.Address("east")), GatewayProtocol.Http, [new BackendCluster("west", 1, 0, 1, [])])], []);
        return new IngressRig(mesh, source, a, b, c, remote, TestAddresses.FreePort(mesh.Address("east")));
    }

    public static IngressBackend Service(IngressEchoServer server, int weight = 1) =>
        new() { Kind = IngressBackendKind.Service, Namespace = "demo", Name = server.Name, Port = 80, Endpoints = [server.Endpoint], Weight = weight };

    public static IngressBackend Import(int weight = 1) =>
        new() { Kind = IngressBackendKind.ServiceImport, Namespace = RemoteService.Namespace, Name = RemoteService.Name, Port = RemoteService.Port, Weight = weight };

    public static IngressRouteRule Rule(IngressMatch? match, params IngressBackend[] backends) =>
        new() { Route = "HTTPRoute demo/web", RuleIndex = 0, Match = match ?? new IngressMatch(), Backends = [.. backends] };

    public IngressListener Listener(ImmutableArray<IngressRouteRule> rules, string? hostname = null, string name = "http", int? port = null) =>
        new() { Gateway = "demo/gw", Name = name, Port = port ?? Port, Protocol = IngressProtocol.Http, Hostname = hostname, Rules = rules };

    /// <summary>Serves these listeners and waits until east's gateway has applied them.</summary>
    public void Apply(params IngressListener[] listeners)
    {
        var version = Guid.NewGuid().ToString("N");
        Source.Set(new IngressConfiguration { Version = version, Listeners = [.. listeners] });
        var wanted = listeners.Select(l => l.Port).Distinct().Order().ToList();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Mesh["east"].IngressVersion != version || !Mesh["east"].IngressPorts.SequenceEqual(wanted))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"east did not apply ingress {version} (ports {string.Join(",", Mesh["east"].IngressPorts)})");
            }

            Thread.Sleep(10);
        }
    }

    public Task<Answer> GetAsync(string path, string host = "example.com", params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Get, path, host, headers);

    public async Task<Answer> SendAsync(HttpMethod method, string path, string host, (string Name, string Value)[] headers, int? port = null, Version? version = null)
    {
        using var request = new HttpRequestMessage(method, $"http://{Address}:{port ?? Port}{path}");
        request.Headers.Host = host;
        if (version is not null)
        {
            request.Version = version;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        EchoedRequest? echoed = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            echoed = JsonSerializer.Deserialize<EchoedRequest>(body);
        }

        var responseHeaders = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
        return new Answer(response.StatusCode, body, echoed, responseHeaders, response.Version);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await Mesh.DisposeAsync();
        await A.DisposeAsync();
        await B.DisposeAsync();
        await C.DisposeAsync();
        await Remote.DisposeAsync();
    }

    /// <summary>An answer: status, body, what the echo server saw (when it answered), response headers (lower-case names).</summary>
    public sealed record Answer(HttpStatusCode Status, string Body, EchoedRequest? Echoed, Dictionary<string, string> Headers, Version Version)
    {
        public string? Server => Echoed?.Name;
    }
}
