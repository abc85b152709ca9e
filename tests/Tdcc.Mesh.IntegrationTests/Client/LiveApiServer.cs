using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.IntegrationTests.Client;

/// <summary>
/// A sandbox API server listening on loopback and one <see cref="KubeClient"/> talking to it over real HTTP.
/// Used as a class fixture (default options) or started per test with <see cref="StartAsync"/> (custom options).
/// Tests isolate themselves with <see cref="CreateNamespaceAsync"/>.
/// </summary>
public sealed class LiveApiServer : IAsyncLifetime, IAsyncDisposable
{
    private readonly KubeApiServerOptions options;
    private int namespaces;
    private KubeApiServer? server;
    private KubeClient? client;

    public LiveApiServer()
        : this(new KubeApiServerOptions { ClusterName = "integration" })
    {
    }

    private LiveApiServer(KubeApiServerOptions options) => this.options = options;

    /// <summary>The running server.</summary>
    public KubeApiServer Server => server ?? throw new InvalidOperationException("the server is not started");

    /// <summary>A client of the server over HTTP.</summary>
    public KubeClient Client => client ?? throw new InvalidOperationException("the server is not started");

    /// <summary>Starts a server with <paramref name="options"/>; dispose it at the end of the test.</summary>
    public static async Task<LiveApiServer> StartAsync(KubeApiServerOptions options)
    {
        var live = new LiveApiServer(options);
        await live.InitializeAsync();
        return live;
    }

    /// <summary>A new client of the same server, with other options (for example a short request timeout).</summary>
    public KubeClient NewClient(Func<KubeClientOptions, KubeClientOptions>? configure = null)
    {
        var clientOptions = KubeClientOptions.ForServer(Server.BaseAddress);
        return new KubeClient(configure is null ? clientOptions : configure(clientOptions));
    }

    /// <summary>Creates a namespace with a unique name starting with <paramref name="prefix"/>.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref namespaces)}";
        await Client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = name } });
        return name;
    }

    public async Task InitializeAsync()
    {
        server = await KubeApiServer.StartAsync(options);
        client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        client?.Dispose();
        client = null;
        if (server is not null)
        {
            await server.DisposeAsync();
            server = null;
        }
    }
}
