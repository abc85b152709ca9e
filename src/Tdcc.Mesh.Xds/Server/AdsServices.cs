using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Status;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>The singletons every ADS stream uses.</summary>
internal sealed class AdsServices(
    ISnapshotCache cache,
    XdsStatusRegistry registry,
    XdsMetrics metrics,
    ILogger<AdsServices> logger,
    TimeProvider timeProvider,
    IOptions<XdsServerOptions> options,
    IXdsStreamAuthenticator authenticator) : IDisposable
{
    /// <summary>Admits or refuses each stream before anything is served.</summary>
    public IXdsStreamAuthenticator Authenticator { get; } = authenticator;

    public ISnapshotCache Cache { get; } = cache;

    public XdsStatusRegistry Registry { get; } = registry;

    public XdsMetrics Metrics { get; } = metrics;

    public ILogger Logger { get; } = logger;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public XdsServerOptions Options { get; } = options.Value;

    /// <summary>SotW resource name lists, one instance per distinct list, shared by the streams that request it.</summary>
    public SotwNameInterner SotwNames { get; } = new();

    /// <summary>The limit on responses being written at once, shared by every stream.</summary>
    public WriteGate WriteGate { get; } = new(options.Value.MaxConcurrentWrites, timeProvider);

    /// <summary>The control plane identity every response carries, or null when none is configured; built once and only read.</summary>
    public Envoy.Config.Core.V3.ControlPlane? ControlPlane { get; } = options.Value.ControlPlaneId.Length > 0
        ? new Envoy.Config.Core.V3.ControlPlane { Identifier = options.Value.ControlPlaneId }
        : null;

    public void Dispose() => WriteGate.Dispose();
}
