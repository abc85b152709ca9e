using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tdcc.Mesh.ApiServer.Http;
using Tdcc.Mesh.ApiServer.Objects;
using Tdcc.Mesh.ApiServer.Registry;
using Tdcc.Mesh.ApiServer.Storage;

namespace Tdcc.Mesh.ApiServer;

/// <summary>
/// One Kubernetes-compatible API server: a versioned store, the built-in and CRD-defined resources, and the REST API
/// kubectl and client libraries speak, served by its own lightweight Kestrel listener (plain HTTP, and HTTPS when
/// <see cref="KubeApiServerOptions.SecurePort"/> is set).
/// </summary>
public sealed partial class KubeApiServer : IAsyncDisposable
{
    private readonly VersionedStore _store;
    private readonly ApiHandler _handler;
    private readonly ILogger _logger;
    private KestrelServer? _server;
    private Tls.ClusterCertificateAuthority? _authority;
    private System.Security.Cryptography.X509Certificates.X509Certificate2? _servingCertificate;
    private ServiceProvider? _services;
    private int _disposed;

    private KubeApiServer(KubeApiServerOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ClusterName);
        ClusterName = options.ClusterName;
        _logger = loggerFactory.CreateLogger<KubeApiServer>();
        var persistence = options.DataDirectory is null ? null : new StorePersistence(options.DataDirectory, logger: loggerFactory.CreateLogger<StorePersistence>());
        _store = new VersionedStore(options.WatchHistory, persistence, ObjectService.ReadyToRemove)
        {
            HistoryByteLimit = options.WatchHistoryBytes,
            MaxObjectBytes = options.MaxObjectBytes,
            WatcherByteLimit = options.WatchQueueBytes,
        };
        var objects = new ObjectService(_store, new ResourceRegistry(), options.TimeProvider, loggerFactory.CreateLogger<ObjectService>(), options.ServiceClusterIpRange);
        objects.EnsureDefaultNamespaces();
        Store = new ApiStore(objects);
        _handler = new ApiHandler(objects, options, options.TimeProvider, loggerFactory.CreateLogger<ApiHandler>());
    }

    /// <summary>Where clients reach the server, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public string ClusterName { get; }

    /// <summary>Where clients reach the secure listener, e.g. <c>https://127.0.0.1:41235</c>; null without <see cref="KubeApiServerOptions.SecurePort"/>.</summary>
    public Uri? SecureBaseAddress { get; private set; }

    /// <summary>The PEM certificate of the cluster's CA, which signs the secure listener's certificate; null without one.</summary>
    public string? CertificateAuthorityPem => _authority?.CertificatePem;

    /// <summary>Where <c>pods/log</c> reads container logs (the kubelet's side); null answers as kube does for a container without a log.</summary>
    public Logs.IPodLogSource? PodLogs
    {
        get => _handler.PodLogs;
        set => _handler.PodLogs = value;
    }

    /// <summary>Where <c>metrics.k8s.io</c> (kubectl top) reads usage (the kubelet's side); null leaves the group unserved.</summary>
    public Metrics.IPodMetricsSource? PodMetrics
    {
        get => _handler.PodMetrics;
        set => _handler.PodMetrics = value;
    }

    /// <summary>In-process access to the objects, with the same semantics as the REST API.</summary>
    public IApiStore Store { get; }

    /// <summary>Starts a server listening on its own port.</summary>
    public static async Task<KubeApiServer> StartAsync(KubeApiServerOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        var server = new KubeApiServer(options, loggerFactory);
        try
        {
            await server.ListenAsync(options, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return server;
    }

    /// <summary>
    /// Creates a server without a listener, for hosting many clusters in one existing Kestrel/WebApplication:
    /// route each cluster's requests (for example by port or host) to <see cref="HandleAsync"/>.
    /// </summary>
    public static KubeApiServer CreateUnhosted(KubeApiServerOptions options, Uri baseAddress, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var server = new KubeApiServer(options, loggerFactory ?? NullLoggerFactory.Instance) { BaseAddress = baseAddress };
        server._handler.ServerAddress = baseAddress.Authority;
        return server;
    }

    /// <summary>Serves one request (paths as kube-apiserver sees them: <c>/api/v1/...</c>).</summary>
    public Task HandleAsync(HttpContext context) => _handler.HandleAsync(context);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Requests that arrive from now on are answered 503 with Retry-After; the ones in flight finish.
        _handler.Stopping = true;
        _store.Dispose();
        if (_server is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _server.StopAsync(stop.Token).ConfigureAwait(false);
            _server.Dispose();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync().ConfigureAwait(false);
        }

        _servingCertificate?.Dispose();
        _authority?.Dispose();

        LogStopped(_logger, ClusterName);
    }

    private async Task ListenAsync(KubeApiServerOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        _services = new ServiceCollection().AddSingleton(loggerFactory).BuildServiceProvider();
        var kestrel = new KestrelServerOptions { AddServerHeader = false, ApplicationServices = _services };
        kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes;
        kestrel.Limits.MinResponseDataRate = null;
        kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;

        // h2 over the secure port reaches the shared HTTP/2 pipeline after our own TLS handshake, so Kestrel sees no TLS
        // and would refuse the :scheme https that clients send.
        kestrel.AllowAlternateSchemes = true;

        // HTTP/1.1 (kubectl, client-node) and prior-knowledge h2c (our clients: every watch on one connection) on one
        // port; the hidden HTTP/2-only endpoint on an ephemeral port only lends its pipeline.
        var address = IPAddress.Parse(options.ListenAddress);
        var selector = new CleartextProtocolSelector();
        ListenOptions? visible = null;
        kestrel.Listen(address, 0, hidden =>
        {
            hidden.Protocols = HttpProtocols.Http2;
            hidden.Use(selector.CaptureHttp2);
        });
        if (options.ServePlainHttp)
        {
            kestrel.Listen(address, options.Port, listen =>
            {
                visible = listen;
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(selector.Select);
            });
        }
        else if (options.SecurePort is null)
        {
            throw new ArgumentException("an API server that serves no plain HTTP needs a SecurePort", nameof(options));
        }

        ListenOptions? secure = null;
        if (options.SecurePort is { } securePort)
        {
            _authority = Tls.ClusterCertificateAuthority.LoadOrCreate(options.DataDirectory, ClusterName, options.TimeProvider);
            var addresses = new List<IPAddress> { address, IPAddress.Loopback, IPAddress.IPv6Loopback };
            var dnsNames = new List<string> { "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local" };
            foreach (var host in options.ServingCertificateHosts)
            {
                if (IPAddress.TryParse(host, out var ip))
                {
                    addresses.Add(ip);
                }
                else
                {
                    dnsNames.Add(host);
                }
            }

            _servingCertificate = _authority.IssueServing("kube-apiserver", addresses, dnsNames, options.TimeProvider);
            var tls = new Tls.TlsProtocolSelector(_servingCertificate, selector);
            kestrel.Listen(address, securePort, listen =>
            {
                secure = listen;
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(tls.Select);
            });
        }

        var transport = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), loggerFactory);
        _server = new KestrelServer(Options.Create(kestrel), transport, loggerFactory);
        await _server.StartAsync(new KestrelApplication(_handler.HandleAsync), cancellationToken).ConfigureAwait(false);
        if (secure is not null)
        {
            SecureBaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"https://{secure.IPEndPoint!}"));
            LogSecureStarted(_logger, ClusterName, SecureBaseAddress);
        }

        BaseAddress = visible is null ? SecureBaseAddress! : new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{visible.IPEndPoint!}"));
        _handler.ServerAddress = BaseAddress.Authority;
        if (visible is not null)
        {
            LogStarted(_logger, ClusterName, BaseAddress);
        }
    }

    [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "API server for cluster {ClusterName} listening on {BaseAddress}")]
    private static partial void LogStarted(ILogger logger, string clusterName, Uri baseAddress);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Information, Message = "API server for cluster {ClusterName} listening on {SecureAddress} (TLS, certificate signed by the cluster CA)")]
    private static partial void LogSecureStarted(ILogger logger, string clusterName, Uri secureAddress);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "API server for cluster {ClusterName} stopped")]
    private static partial void LogStopped(ILogger logger, string clusterName);
}
