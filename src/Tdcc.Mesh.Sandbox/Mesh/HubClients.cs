using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// The hub clients a member's registration agent asks for (one per bearer token), all dialing the hub's current
/// address from the member's network: in a network-namespace layout their connections leave through the member's own
/// link, so cutting that link cuts the member off from the hub as it would a real cluster. Over HTTPS they trust the
/// hub's CA (<c>hubCa</c>). Disposed with the member's mesh.
/// </summary>
internal sealed class HubClients(Uri hub, string? hubCa, IClusterNetwork network, ILoggerFactory loggerFactory, TimeProvider time) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<IDisposable> _owned = [];

    public IKubeClient Create(string token)
    {
        var options = KubeClientOptions.ForServer(hub) with { BearerToken = token, CertificateAuthorityPem = hubCa, Http2PriorKnowledge = true };
        KubeClient client;
        SocketsHttpHandler? handler = null;
        if (network.NamespaceName is null)
        {
            client = new KubeClient(options, loggerFactory, time);
        }
        else
        {
            // The client's own handler (it trusts the hub's CA), dialing from the member's network.
            handler = KubeClient.CreateHandler(options);
            handler.UseProxy = false;
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.NoDelay = true;
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
            client = new KubeClient(options, handler, loggerFactory, time);
        }

        lock (_gate)
        {
            _owned.Add(client);
            if (handler is not null)
            {
                _owned.Add(handler);
            }
        }

        return client;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var owned in _owned)
            {
                owned.Dispose();
            }

            _owned.Clear();
        }
    }
}
