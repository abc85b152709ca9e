namespace Tdcc.Mesh.Kube.Config;

/// <summary>
/// Everything needed to reach one API server: address, TLS trust, credentials, timeouts and retries.
/// Built from a kubeconfig (<see cref="FromKubeconfig"/>), from in-cluster files (<see cref="InCluster()"/>), or by hand.
/// Certificates and keys are PEM text, already read from their files; only the token file is read again later.
/// </summary>
public sealed record KubeClientOptions
{
    /// <summary>The API server, for example <c>https://127.0.0.1:6443</c>.</summary>
    public required Uri Server { get; init; }

    /// <summary>The namespace of the context; <c>default</c> when the kubeconfig names none.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>PEM certificates the server certificate must chain to. When set, only these are trusted.</summary>
    public string? CertificateAuthorityPem { get; init; }

    /// <summary>Skips server certificate validation entirely.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>The name the server certificate is checked against (and sent as SNI) instead of the host of <see cref="Server"/>.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>An HTTP proxy for all requests (<c>proxy-url</c>); null uses the environment's proxy settings.</summary>
    public Uri? ProxyUrl { get; init; }

    /// <summary>PEM client certificate (with <see cref="ClientKeyPem"/>) for mutual TLS.</summary>
    public string? ClientCertificatePem { get; init; }

    /// <summary>PEM private key of <see cref="ClientCertificatePem"/>.</summary>
    public string? ClientKeyPem { get; init; }

    /// <summary>A static bearer token.</summary>
    public string? BearerToken { get; init; }

    /// <summary>A file holding the bearer token, re-read every <see cref="TokenRefreshInterval"/>; when readable it wins over <see cref="BearerToken"/>.</summary>
    public string? TokenFile { get; init; }

    /// <summary>How often <see cref="TokenFile"/> is read again.</summary>
    public TimeSpan TokenRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Basic authentication user.</summary>
    public string? Username { get; init; }

    /// <summary>Basic authentication password.</summary>
    public string? Password { get; init; }

    /// <summary>The User-Agent header.</summary>
    public string UserAgent { get; init; } = "tdcc-mesh/1.0";

    /// <summary>Timeout of one non-watch request, also sent to the server as <c>?timeout=</c>.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Negotiates HTTP/2 over TLS when the server offers it.</summary>
    public bool EnableHttp2 { get; init; } = true;

    /// <summary>
    /// Speaks HTTP/2 without TLS (h2c with prior knowledge) to an <c>http://</c> server known to accept it, such as the
    /// sandbox's API servers: every request and watch of the client then shares one connection instead of one each.
    /// </summary>
    public bool Http2PriorKnowledge { get; init; }

    /// <summary>Retries of throttled and failed requests.</summary>
    public RetryPolicy Retry { get; init; } = new();

    /// <summary>Options for a server reached without TLS or credentials (tests, a local sandbox).</summary>
    public static KubeClientOptions ForServer(Uri server) => new() { Server = server ?? throw new ArgumentNullException(nameof(server)) };

    /// <summary>
    /// Loads options from kubeconfig files: <paramref name="path"/> alone when given, otherwise the files of
    /// <c>KUBECONFIG</c> merged as kubectl merges them, otherwise <c>~/.kube/config</c>.
    /// </summary>
    /// <param name="path">An explicit kubeconfig file, like <c>kubectl --kubeconfig</c>.</param>
    /// <param name="context">The context to use; the current context when null.</param>
    public static KubeClientOptions FromKubeconfig(string? path = null, string? context = null) =>
        Kubeconfig.Load(path).ToClientOptions(context);

    /// <summary>
    /// Options of a pod's service account (<c>KUBERNETES_SERVICE_HOST</c>/<c>PORT</c> and the mounted token, CA and
    /// namespace, from <c>/var/run/secrets/kubernetes.io/serviceaccount</c> or the directory <c>TDCC_SERVICEACCOUNT_DIR</c> names).
    /// </summary>
    public static KubeClientOptions InCluster() => InClusterConfig.Load(Environment.GetEnvironmentVariable);

    /// <summary>Options of a pod's service account, with the environment read through <paramref name="environment"/>.</summary>
    public static KubeClientOptions InCluster(Func<string, string?> environment) => InClusterConfig.Load(environment);
}
