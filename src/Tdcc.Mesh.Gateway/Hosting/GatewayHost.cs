using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Agent;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Identity;
using Tdcc.Mesh.GatewayApi.Ingress;
using Tdcc.Mesh.Hosting.Configuration;
using Tdcc.Mesh.Hosting.Health;
using Tdcc.Mesh.Hosting.Processes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Xds.Client;

namespace Tdcc.Mesh.Gateway.Hosting;

/// <summary>
/// The gateway process's composition (docs/gateway.md "Running it"): its HTTP listener (probes, metrics,
/// <c>/debug/gateway/status</c>) first; then the member's hub credentials as the agent stored them, the certificate by
/// signing request to the hub, the configuration from the hub's xDS server, and the <see cref="GatewayServer"/>.
/// <c>/readyz</c> fails until the gateway holds a certificate and a configuration and its tunnel port listens (and,
/// in ingress mode, until the Gateway API controller has synced: docs/ingress.md). In ingress mode the controller runs
/// against the member's own API server beside the data path, which serves nothing on ingress until it has started.
/// </summary>
public sealed partial class GatewayHost : IAsyncDisposable
{
    /// <summary>The application name.</summary>
    public const string Component = "tdcc-gateway";

    /// <summary>Where the status document is served.</summary>
    public const string StatusPath = "/debug/gateway/status";

    private readonly ProcessHost _host;
    private readonly GatewayServer _server;
    private readonly XdsConfigurationSource _configuration;
    private readonly CsrCredentialSource _credentials;
    private readonly KubeClient _hub;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _ingressStopping = new();
    private Task<IngressController?> _ingress = Task.FromResult<IngressController?>(null);
    private int _stopped;

    private GatewayHost(ProcessHost host, GatewayServer server, XdsConfigurationSource configuration, CsrCredentialSource credentials, KubeClient hub, ILogger logger)
    {
        _host = host;
        _server = server;
        _configuration = configuration;
        _credentials = credentials;
        _hub = hub;
        _logger = logger;
    }

    /// <summary>The running data path.</summary>
    public GatewayServer Server => _server;

    /// <summary>The HTTP listener (probes, metrics, status), or null without one.</summary>
    public Uri? HttpAddress => _host.Addresses.Count > 0 ? _host.Addresses[0] : null;

    /// <summary>
    /// Starts the HTTP listener, waits for the member's stored hub credentials (the agent writes them when it joins),
    /// then obtains the certificate, subscribes to the xDS view and starts the data path.
    /// </summary>
    public static async Task<GatewayHost> StartAsync(GatewayOptions options, ProcessOptions process, ProcessEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(environment);
        var tunnel = ListenAddress.Parse(options.TunnelAddress, "--tunnel-address");
        var outbound = IPAddress.TryParse(options.OutboundAddress, out var parsedOutbound)
            ? parsedOutbound
            : throw new ArgumentException($"--outbound-address: '{options.OutboundAddress}' is not an IP address", nameof(options));
        var ingressAddress = IPAddress.TryParse(options.IngressAddress, out var parsedIngress)
            ? parsedIngress
            : throw new ArgumentException($"--ingress-address: '{options.IngressAddress}' is not an IP address", nameof(options));
        var hubServer = HttpUrl(options.HubServer, "--hub-server");
        var xdsServer = HttpUrl(options.XdsServer, "--xds-server");

        var builder = ProcessApplication.CreateBuilder(Component, process with { LeaderElect = false }, environment);
        var credentialsReady = new ReadinessCheck("certificate");
        var configurationReady = new ReadinessCheck("configuration");
        var serving = new ReadinessCheck("tunnel-listening");
        builder.Services.AddSingleton<IReadinessCheck>(credentialsReady);
        builder.Services.AddSingleton<IReadinessCheck>(configurationReady);
        builder.Services.AddSingleton<IReadinessCheck>(serving);
        var ingressReady = new ReadinessCheck("ingress-controller");
        if (options.Ingress)
        {
            builder.Services.AddSingleton<IReadinessCheck>(ingressReady);
        }
        if (string.IsNullOrEmpty(process.HttpAddress))
        {
            builder.WithoutListeners();
        }

        GatewayServer? server = null;
        var app = builder.Build();
        app.MapProcessEndpoints();
        app.MapGet(StatusPath, (HttpContext context) => server is null
            ? Results.Problem("the gateway has not started yet", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Json(server.Status, GatewayStatusJsonContext.Default.GatewayStatus));
        var host = await ProcessHost.StartAsync(app, static (_, _) => Task.CompletedTask, [], cancellationToken).ConfigureAwait(false);
        var loggerFactory = environment.LoggerFactory ?? host.Services.GetRequiredService<ILoggerFactory>();
        var logger = loggerFactory.CreateLogger<GatewayHost>();

        KubeClient? hub = null;
        CsrCredentialSource? credentials = null;
        XdsConfigurationSource? configuration = null;
        try
        {
            var stored = await WaitForCredentialsAsync(environment.Cluster, options.CredentialsNamespace ?? environment.OwnNamespace, logger, environment.Time, cancellationToken).ConfigureAwait(false);
            var ca = options.HubCa ?? (options.HubCaFile is null ? null : await File.ReadAllTextAsync(options.HubCaFile, cancellationToken).ConfigureAwait(false));
            hub = new KubeClient(KubeClientOptions.ForServer(hubServer) with { BearerToken = stored.Token, CertificateAuthorityPem = ca }, loggerFactory, environment.Time);

            credentials = CsrCredentialSource.Start(hub, new CsrCredentialSourceOptions { Cluster = options.ClusterName, TrustDomain = options.TrustDomain }, environment.Time, loggerFactory);
            await credentials.WaitForCredentialsAsync(cancellationToken).ConfigureAwait(false);
            credentialsReady.MarkReady();

            configuration = new XdsConfigurationSource(
                new XdsClientOptions
                {
                    Server = xdsServer,
                    NodeId = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Component + "-" + options.ClusterName + "-" + Environment.ProcessId,
                    Cluster = options.ClusterName,
                    Region = options.Region,
                    Zone = options.Zone,
                    BearerToken = stored.Token,
                },
                loggerFactory,
                environment.Time);
            await configuration.StartAsync(cancellationToken).ConfigureAwait(false);
            await WaitForConfigurationAsync(configuration, cancellationToken).ConfigureAwait(false);
            configurationReady.MarkReady();

            var relay = options.Ingress ? new IngressSourceRelay() : null;
            server = await GatewayServer.StartAsync(
                new GatewayServerOptions { TunnelAddress = tunnel.Address, TunnelPort = tunnel.Port, OutboundAddress = outbound, IngressAddress = ingressAddress, ReverseTunnels = options.ReverseTunnel },
                configuration,
                credentials,
                relay,
                loggerFactory,
                environment.Time,
                cancellationToken).ConfigureAwait(false);
            serving.MarkReady();
            Log.Started(logger, options.ClusterName, server.TunnelEndPoint, xdsServer);
            var gatewayHost = new GatewayHost(host, server, configuration, credentials, hub, logger);
            if (relay is not null)
            {
                var controllerOptions = new IngressControllerOptions
                {
                    Addresses = options.IngressStatusAddresses.Count > 0
                        ? [.. options.IngressStatusAddresses]
                        : ingressAddress.Equals(IPAddress.Any) || ingressAddress.Equals(IPAddress.IPv6Any) ? [] : [ingressAddress.ToString()],
                    InstallCrds = options.IngressInstallCrds,
                };
                gatewayHost._ingress = gatewayHost.RunIngressAsync(environment.Cluster, controllerOptions, relay, ingressReady, loggerFactory, environment.Time);
            }

            return gatewayHost;
        }
        catch
        {
            if (configuration is not null)
            {
                await configuration.StopAsync(CancellationToken.None).ConfigureAwait(false);
                configuration.Dispose();
            }

            if (credentials is not null)
            {
                await credentials.DisposeAsync().ConfigureAwait(false);
            }

            hub?.Dispose();
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the data path (draining streams in flight), the xDS subscription, the certificate renewal and the listener.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _ingressStopping.CancelAsync().ConfigureAwait(false);
        if (await _ingress.ConfigureAwait(false) is { } controller)
        {
            await controller.DisposeAsync().ConfigureAwait(false);
        }

        _ingressStopping.Dispose();
        await _server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
        await _configuration.StopAsync(CancellationToken.None).ConfigureAwait(false);
        _configuration.Dispose();
        await _credentials.DisposeAsync().ConfigureAwait(false);
        _hub.Dispose();
        await _host.DisposeAsync().ConfigureAwait(false);
        Log.Stopped(_logger);
    }

    /// <summary>Starts the Gateway API controller against the member, trying again while it fails, and hands its configuration to the data path.</summary>
    private async Task<IngressController?> RunIngressAsync(IKubeClient member, IngressControllerOptions options, IngressSourceRelay relay, ReadinessCheck ready, ILoggerFactory loggerFactory, TimeProvider time)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!_ingressStopping.IsCancellationRequested)
        {
            try
            {
                var controller = await IngressController.StartAsync(member, options, loggerFactory, time, _ingressStopping.Token).ConfigureAwait(false);
                relay.Attach(controller);
                ready.MarkReady();
                Log.IngressStarted(_logger, options.ControllerName);
                return controller;
            }
            catch (OperationCanceledException) when (_ingressStopping.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e) when (!_ingressStopping.IsCancellationRequested)
            {
                Log.IngressFailed(_logger, delay, e);
                try
                {
                    await Task.Delay(delay, time, _ingressStopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }

        return null;
    }

    private static Uri HttpUrl(string value, string flag) =>
        Uri.TryCreate(value, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
            ? parsed
            : throw new ArgumentException($"{flag}: '{value}' is not an http(s) URL", nameof(value));

    private static async Task<StoredHubCredentials> WaitForCredentialsAsync(IKubeClient member, string @namespace, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        var waiting = false;
        while (true)
        {
            if (await StoredHubCredentials.ReadAsync(member, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false) is { } stored)
            {
                return stored;
            }

            if (!waiting)
            {
                Log.WaitingForCredentials(logger, @namespace, StoredHubCredentials.DefaultName);
                waiting = true;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WaitForConfigurationAsync(XdsConfigurationSource configuration, CancellationToken cancellationToken)
    {
        while (configuration.Current is null)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = configuration.GetChangeToken().RegisterChangeCallback(static state => ((TaskCompletionSource)state!).TrySetResult(), changed);
            if (configuration.Current is not null)
            {
                return;
            }

            await changed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8580, Level = LogLevel.Information, Message = "Gateway of {Cluster} serving: tunnel {Tunnel}, configuration from {Xds}")]
        public static partial void Started(ILogger logger, string cluster, IPEndPoint tunnel, Uri xds);

        [LoggerMessage(EventId = 8581, Level = LogLevel.Information, Message = "Gateway stopped")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(EventId = 8583, Level = LogLevel.Information, Message = "Ingress: Gateway API controller {ControllerName} synced; its Gateways' listeners are served")]
        public static partial void IngressStarted(ILogger logger, string controllerName);

        [LoggerMessage(EventId = 8584, Level = LogLevel.Warning, Message = "Ingress: the Gateway API controller could not start, trying again in {Delay}")]
        public static partial void IngressFailed(ILogger logger, TimeSpan delay, Exception exception);

        [LoggerMessage(EventId = 8582, Level = LogLevel.Information, Message = "Waiting for the member's hub credentials (Secret {Namespace}/{Name}, written by the agent when it joins)")]
        public static partial void WaitingForCredentials(ILogger logger, string @namespace, string name);
    }
}
