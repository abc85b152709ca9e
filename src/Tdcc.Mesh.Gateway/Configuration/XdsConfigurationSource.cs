using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Tdcc.Mesh.Xds.Client;

namespace Tdcc.Mesh.Gateway.Configuration;

/// <summary>
/// The production <see cref="IGatewayConfigurationSource"/>: an <see cref="XdsClient"/> of the hub's xDS server whose
/// every consistent view is translated (<see cref="XdsConfigurationTranslator"/>) and swapped in whole. A view that
/// fails translation is rejected, so the client NACKs the response with the reason and keeps what it held; the
/// previous configuration stays in force. It also exposes the trust bundle Secret (<c>tdcc-mesh/trust-bundle</c>) as
/// PEM, always subscribed. Runs as a hosted service (or call <see cref="BackgroundService.StartAsync"/>).
/// </summary>
public sealed class XdsConfigurationSource : BackgroundService, IGatewayConfigurationSource, IXdsViewHandler
{
    private readonly string _cluster;
    private readonly Lock _lock = new();
    private GatewayConfiguration? _current;
    private string? _trustBundlePem;
    private CancellationTokenSource _changed = new();
    private CancellationTokenSource _trustBundleChanged = new();

    public XdsConfigurationSource(XdsClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _cluster = options.Cluster;
        if (!options.ExtraSecretNames.Contains(XdsConfigurationTranslator.TrustBundleSecret, StringComparer.Ordinal))
        {
            options.ExtraSecretNames = [.. options.ExtraSecretNames, XdsConfigurationTranslator.TrustBundleSecret];
        }

        Client = new XdsClient(options, this, loggerFactory?.CreateLogger<XdsClient>(), timeProvider);
    }

    /// <summary>The xDS client underneath (its counters, its node).</summary>
    public XdsClient Client { get; }

    /// <inheritdoc />
    public GatewayConfiguration? Current => Volatile.Read(ref _current);

    /// <summary>The PEM of the clusterset's CA certificates from the trust bundle Secret; null until it arrived.</summary>
    public string? TrustBundlePem => Volatile.Read(ref _trustBundlePem);

    /// <inheritdoc />
    public IChangeToken GetChangeToken()
    {
        lock (_lock)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    /// <summary>Fires when <see cref="TrustBundlePem"/> changes.</summary>
    public IChangeToken GetTrustBundleChangeToken()
    {
        lock (_lock)
        {
            return new CancellationChangeToken(_trustBundleChanged.Token);
        }
    }

    /// <summary>Translates a view; a translation failure rejects it (the client NACKs) and keeps <see cref="Current"/>.</summary>
    ValueTask<string?> IXdsViewHandler.ApplyAsync(XdsView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        GatewayConfiguration configuration;
        try
        {
            configuration = XdsConfigurationTranslator.Translate(view, _cluster);
        }
        catch (FormatException e)
        {
            return ValueTask.FromResult<string?>(e.Message);
        }

        var pem = XdsConfigurationTranslator.TrustBundlePem(view);
        CancellationTokenSource? fireConfiguration = null;
        CancellationTokenSource? fireTrustBundle = null;
        lock (_lock)
        {
            if (_current is null || !string.Equals(_current.Version, configuration.Version, StringComparison.Ordinal))
            {
                Volatile.Write(ref _current, configuration);
                fireConfiguration = _changed;
                _changed = new CancellationTokenSource();
            }

            if (pem is not null && !string.Equals(pem, _trustBundlePem, StringComparison.Ordinal))
            {
                Volatile.Write(ref _trustBundlePem, pem);
                fireTrustBundle = _trustBundleChanged;
                _trustBundleChanged = new CancellationTokenSource();
            }
        }

        Fire(fireConfiguration);
        Fire(fireTrustBundle);
        return ValueTask.FromResult<string?>(null);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        lock (_lock)
        {
            _changed.Dispose();
            _trustBundleChanged.Dispose();
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Client.RunAsync(stoppingToken);

    private static void Fire(CancellationTokenSource? source)
    {
        if (source is null)
        {
            return;
        }

        // Not disposed: a token handed out earlier may still register a callback (it then runs at once).
        source.Cancel();
    }
}
