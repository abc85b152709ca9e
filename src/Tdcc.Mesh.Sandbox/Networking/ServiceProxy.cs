using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Sandbox.Networking;

/// <summary>
/// The kube-proxy of one simulated cluster, in user space: for each Service ClusterIP and TCP port with ready backends
/// it listens on that address inside the cluster's network and relays each connection to a backend
/// (<see cref="BackendPicker"/>); with no ready backend it does not listen, so connections are refused, as with
/// kube-proxy's reject rule. ServiceImports' derived Services (their ClusterSetIPs) are Services like any other.
/// </summary>
internal sealed partial class ServiceProxy(IClusterNetwork network, TimeProvider time, ILogger<ServiceProxy> logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, Dictionary<IPEndPoint, Frontend>> _byService = [];
    private bool _disposed;

    /// <summary>How many frontends listen now.</summary>
    public int Listening
    {
        get
        {
            lock (_gate)
            {
                return _byService.Values.Sum(f => f.Values.Count(x => x.Relay is not null));
            }
        }
    }

    /// <summary>Makes <paramref name="service"/>'s frontends what <paramref name="frontends"/> says (empty: the Service is gone or has no ClusterIP).</summary>
    public void Set(ObjectKey service, IReadOnlyList<ServiceFrontend> frontends)
    {
        ArgumentNullException.ThrowIfNull(frontends);
        var closing = new List<TcpRelay>();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _byService.TryGetValue(service, out var current);
            current ??= [];
            var wanted = frontends.ToDictionary(f => f.Endpoint);
            foreach (var (endpoint, frontend) in current.ToList())
            {
                if (!wanted.ContainsKey(endpoint))
                {
                    current.Remove(endpoint);
                    if (frontend.Relay is not null)
                    {
                        closing.Add(frontend.Relay);
                    }
                }
            }

            foreach (var want in frontends)
            {
                if (!current.TryGetValue(want.Endpoint, out var frontend))
                {
                    frontend = new Frontend(new BackendPicker(time));
                    current[want.Endpoint] = frontend;
                }

                frontend.Current = want;
                if (want.Backends.IsEmpty && frontend.Relay is not null)
                {
                    closing.Add(frontend.Relay);
                    frontend.Relay = null;
                    LogClosed(logger, service, want.Endpoint);
                }
                else if (!want.Backends.IsEmpty && frontend.Relay is null)
                {
                    frontend.Relay = Listen(service, frontend);
                }
            }

            if (current.Count == 0)
            {
                _byService.Remove(service);
            }
            else
            {
                _byService[service] = current;
            }
        }

        foreach (var relay in closing)
        {
            // Stop accepting only: connections already relayed go on, as established flows do through kube-proxy.
            relay.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<TcpRelay> relays;
        lock (_gate)
        {
            _disposed = true;
            relays = _byService.Values.SelectMany(f => f.Values).Select(f => f.Relay).OfType<TcpRelay>().ToList();
            _byService.Clear();
        }

        foreach (var relay in relays)
        {
            await relay.DisposeAsync().ConfigureAwait(false);
        }
    }

    private TcpRelay? Listen(ObjectKey service, Frontend frontend)
    {
        var endpoint = frontend.Current!.Endpoint;
        try
        {
            var relay = TcpRelay.Start(endpoint, network, network, client => frontend.Picker.Pick(frontend.Current!, client.Address), logger);
            LogListening(logger, service, endpoint, frontend.Current.Backends.Length);
            return relay;
        }
        catch (SocketException e)
        {
            LogListenFailed(logger, service, endpoint, e.Message);
            return null;
        }
    }

    private sealed class Frontend(BackendPicker picker)
    {
        public BackendPicker Picker { get; } = picker;

        public ServiceFrontend? Current { get; set; }

        public TcpRelay? Relay { get; set; }
    }

    [LoggerMessage(EventId = 7420, Level = LogLevel.Debug, Message = "Service proxy: {Service} answers on {Frontend} ({Backends} ready backends)")]
    private static partial void LogListening(ILogger logger, ObjectKey service, IPEndPoint frontend, int backends);

    [LoggerMessage(EventId = 7421, Level = LogLevel.Debug, Message = "Service proxy: {Service} on {Frontend} has no ready backend; connections are refused")]
    private static partial void LogClosed(ILogger logger, ObjectKey service, IPEndPoint frontend);

    [LoggerMessage(EventId = 7422, Level = LogLevel.Warning, Message = "Service proxy: cannot listen on {Frontend} for {Service}: {Error}")]
    private static partial void LogListenFailed(ILogger logger, ObjectKey service, IPEndPoint frontend, string error);
}
