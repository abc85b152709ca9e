using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>
/// A connection to one API server. Cheap to ask for resource clients; share one instance per server.
/// </summary>
public sealed class KubeClient : IKubeClient, IDisposable
{
    private readonly KubeTransport transport;
    private readonly ILogger logger;

    /// <summary>Connects with the options' TLS and credentials.</summary>
    public KubeClient(KubeClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(options, KubeHttpHandlerFactory.Create(options), disposeHandler: true, loggerFactory, timeProvider)
    {
    }

    /// <summary>
    /// The socket handler the first constructor builds from <paramref name="options"/> (server validation against the
    /// configured CA only, client certificate, proxy), for a caller that changes how connections are made (a
    /// <see cref="SocketsHttpHandler.ConnectCallback"/> in another network namespace) and passes it to the second one.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(KubeClientOptions options) => KubeHttpHandlerFactory.Create(options);

    /// <summary>
    /// Sends through <paramref name="handler"/> (for example an in-process test server's handler); the options' TLS
    /// settings are then the handler's business. The handler is not disposed with the client.
    /// </summary>
    public KubeClient(KubeClientOptions options, HttpMessageHandler handler, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(options, handler, disposeHandler: false, loggerFactory, timeProvider)
    {
    }

    private KubeClient(KubeClientOptions options, HttpMessageHandler handler, bool disposeHandler, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        logger = loggerFactory?.CreateLogger<KubeClient>() ?? NullLogger<KubeClient>.Instance;
        transport = new KubeTransport(options, handler, disposeHandler, timeProvider ?? TimeProvider.System, logger);
    }

    internal KubeClient(KubeTransport transport, ILogger logger)
    {
        this.transport = transport;
        this.logger = logger;
    }

    /// <summary>The options the client was built with.</summary>
    public KubeClientOptions Options => transport.Options;

    /// <summary>The namespace of the context, used when a namespaced object is addressed without one.</summary>
    public string DefaultNamespace => transport.Options.Namespace;

    /// <summary>A client from kubeconfig files (see <see cref="KubeClientOptions.FromKubeconfig"/>).</summary>
    public static KubeClient FromKubeconfig(string? path = null, string? context = null, ILoggerFactory? loggerFactory = null) =>
        new(KubeClientOptions.FromKubeconfig(path, context), loggerFactory);

    /// <summary>A client of the pod's own cluster, through its service account.</summary>
    public static KubeClient InCluster(ILoggerFactory? loggerFactory = null) => new(KubeClientOptions.InCluster(), loggerFactory);

    /// <inheritdoc />
    public IResourceClient<T> Resource<T>()
        where T : class, IKubeObject<T> =>
        new ResourceClient<T>(transport, T.Resource, T.JsonTypeInfo, T.ListJsonTypeInfo, logger);

    /// <inheritdoc />
    public IResourceClient<GenericObject> Resource(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new ResourceClient<GenericObject>(transport, type, KubeJsonContext.Default.GenericObject, KubeJsonContext.Default.KubeListGenericObject, logger);
    }

    /// <inheritdoc />
    public async Task<string> GetRawAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var absolute = path.StartsWith('/') ? path : "/" + path;
        using var response = await transport.SendAsync(new KubeRequest(HttpMethod.Get, absolute), cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => transport.Dispose();
}
