namespace Tdcc.Mesh.Distribution.Helm;

/// <summary>How the hub runs helm to render chart feeds.</summary>
public sealed record HelmRendererOptions
{
    /// <summary>The helm executable (a path, or a name looked up on PATH).</summary>
    public string HelmPath { get; init; } = "helm";

    /// <summary>One helm run may take this long (fetching the index and the chart included).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A rendered result is reused this long; after it, the range is resolved again (a new chart version is picked up).</summary>
    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>At most this many rendered results are kept (the oldest go first).</summary>
    public int CacheCapacity { get; init; } = 256;

    /// <summary>Talk plain HTTP to OCI registries (<c>--plain-http</c>), for registries without TLS.</summary>
    public bool OciPlainHttp { get; init; }
}
