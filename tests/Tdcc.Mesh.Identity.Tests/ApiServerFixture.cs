using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;

namespace Tdcc.Mesh.Identity.Tests;

/// <summary>A real hub API server over HTTP, shared by the tests of a class (each test uses its own Secret name).</summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    private KubeApiServer? _server;

    public Uri Address => _server!.BaseAddress;

    /// <summary>A new client, as a restarted hub would have.</summary>
    public KubeClient NewClient() => new(KubeClientOptions.ForServer(Address));

    public async Task InitializeAsync() =>
        _server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "hub" });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
