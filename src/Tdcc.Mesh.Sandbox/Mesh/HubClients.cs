using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>The hub clients a member's registration agent asks for (one per bearer token), all dialing the hub's current address; disposed with the member's mesh.</summary>
internal sealed class HubClients(Uri hub, ILoggerFactory loggerFactory, TimeProvider time) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<KubeClient> _clients = [];

    public IKubeClient Create(string token)
    {
        var client = new KubeClient(KubeClientOptions.ForServer(hub) with { BearerToken = token }, loggerFactory, time);
        lock (_gate)
        {
            _clients.Add(client);
        }

        return client;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }

            _clients.Clear();
        }
    }
}
