using System.Collections.Concurrent;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;

namespace Tdcc.Mesh.Clusters.Tests;

/// <summary>
/// The hub clients of one agent replica (its hub client factory), all sending through one handler that counts the
/// writes (every request but GET) this replica sent to the hub, by path.
/// </summary>
internal sealed class CountingHubClients : IDisposable
{
    private readonly Uri _hub;
    private readonly Counter _counter = new() { InnerHandler = new SocketsHttpHandler() };
    private readonly ConcurrentBag<KubeClient> _clients = [];

    public CountingHubClients(Uri hub)
    {
        _hub = hub;
    }

    /// <summary>Writes sent so far.</summary>
    public int Writes => _counter.Paths.Count;

    /// <summary>Writes sent so far to paths containing <paramref name="fragment"/>.</summary>
    public int WritesTo(string fragment) => _counter.Paths.Count(p => p.Contains(fragment, StringComparison.Ordinal));

    public IKubeClient Create(string token)
    {
        var client = new KubeClient(KubeClientOptions.ForServer(_hub) with { BearerToken = token }, _counter);
        _clients.Add(client);
        return client;
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _counter.Dispose();
    }

    private sealed class Counter : DelegatingHandler
    {
        public ConcurrentQueue<string> Paths { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Get)
            {
                Paths.Enqueue($"{request.Method} {request.RequestUri?.AbsolutePath}");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
