namespace Tdcc.Mesh.ApiServer;

/// <summary>How a <see cref="KubeApiServer"/> is set up.</summary>
public sealed record KubeApiServerOptions
{
    /// <summary>The cluster this server belongs to (used in logs and by the sandbox).</summary>
    public required string ClusterName { get; init; }

    /// <summary>The address Kestrel listens on.</summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>The port; 0 picks a free ephemeral port.</summary>
    public int Port { get; init; }

    /// <summary>Where state is persisted (snapshot plus append log); null keeps everything in memory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The version reported by <c>/version</c>.</summary>
    public string KubernetesVersion { get; init; } = "v1.32.0";

    /// <summary>How many events are kept for watch resume; a watch from an older resourceVersion gets 410 Expired.</summary>
    public int WatchHistory { get; init; } = 10000;

    /// <summary>
    /// How many bytes of objects the watch history may hold (each event counts its object and the object before it, as
    /// serialized JSON); the oldest events are dropped past it, and a watch from before them gets 410 Expired as for
    /// <see cref="WatchHistory"/>. 64 MiB by default.
    /// </summary>
    public long WatchHistoryBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// The largest object stored, as serialized JSON, whatever wrote it (create, update, any patch type, apply): 3 MiB by
    /// default, the request body limit, so a patch or YAML aliases cannot grow an object past what one request could
    /// send. A larger result is refused with 413 <c>Request entity too large: limit is …</c> and nothing is stored.
    /// </summary>
    public int MaxObjectBytes { get; init; } = 3 * 1024 * 1024;

    /// <summary>How many undelivered events one watch may buffer before the server closes it.</summary>
    public int WatchQueueLength { get; init; } = 1024;

    /// <summary>
    /// How many bytes of objects one watch may buffer undelivered (each event counts its object and the object before
    /// it) before the server closes it and the client re-watches; 32 MiB by default (one event is always accepted).
    /// </summary>
    public long WatchQueueBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>How often a watch that allows bookmarks receives one.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The IPv4 CIDR service ClusterIPs are allocated from (kube-apiserver's <c>--service-cluster-ip-range</c>).</summary>
    public string ServiceClusterIpRange { get; init; } = "10.96.0.0/12";

    /// <summary>The clock; tests may substitute one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The port of a second, secure listener (HTTPS on <see cref="ListenAddress"/>: HTTP/1.1 and HTTP/2 by ALPN) beside
    /// the plain one; 0 picks a free port; null (the default) serves plain HTTP only. Its serving certificate is signed by
    /// the cluster's CA (<c>pki/ca.crt</c> and <c>pki/ca.key</c> in <see cref="DataDirectory"/>, made once and kept; in
    /// memory without a data directory) and names <see cref="ListenAddress"/>, <c>127.0.0.1</c>, <c>localhost</c>,
    /// <c>kubernetes</c>, <c>kubernetes.default</c>, <c>kubernetes.default.svc</c>,
    /// <c>kubernetes.default.svc.cluster.local</c> and <see cref="ServingCertificateHosts"/>.
    /// </summary>
    public int? SecurePort { get; init; }

    /// <summary>
    /// Whether the plain HTTP listener (on <see cref="Port"/>) is served; true by default. False needs
    /// <see cref="SecurePort"/>: the server then speaks HTTPS only and <see cref="KubeApiServer.BaseAddress"/> is the secure
    /// listener's URL, as a real cluster's API server.
    /// </summary>
    public bool ServePlainHttp { get; init; } = true;

    /// <summary>More IP addresses or DNS names the serving certificate names (an address the server is relayed on, a ClusterIP).</summary>
    public IReadOnlyList<string> ServingCertificateHosts { get; init; } = [];

    /// <summary>Bearer-token authentication and RBAC authorization; null (the default) serves every request unauthenticated.</summary>
    public Auth.AuthOptions? Auth { get; init; }
}
