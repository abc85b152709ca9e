using System.Collections.Immutable;

namespace Tdcc.Mesh.MeshModel.Ingress;

/// <summary>
/// One programmed listener of a Gateway. Listeners sharing a port share one socket: a request goes to the listener whose
/// hostname matches its Host (or SNI) most specifically (exact, then the longest wildcard, then no hostname).
/// </summary>
public sealed record IngressListener
{
    /// <summary>The Gateway, <c>namespace/name</c>.</summary>
    public required string Gateway { get; init; }

    /// <summary>The listener's name in the Gateway.</summary>
    public required string Name { get; init; }

    /// <summary>The port it listens on.</summary>
    public required int Port { get; init; }

    /// <summary>HTTP or HTTPS (TLS terminated here).</summary>
    public required IngressProtocol Protocol { get; init; }

    /// <summary>Its hostname (<c>foo.example.com</c> or <c>*.example.com</c>); null: every host.</summary>
    public string? Hostname { get; init; }

    /// <summary>For HTTPS: the certificates from its <c>tls.certificateRefs</c>, the first one that matches the SNI is served.</summary>
    public ImmutableArray<TlsCertificateModel> Certificates { get; init; } = [];

    /// <summary>The rules of every route attached to it, in the Gateway API's precedence order (first match wins).</summary>
    public ImmutableArray<IngressRouteRule> Rules { get; init; } = [];
}

/// <summary>The protocol of an <see cref="IngressListener"/>.</summary>
public enum IngressProtocol
{
    /// <summary>Plain HTTP/1.1 and h2c.</summary>
    Http,

    /// <summary>TLS terminated at the gateway, HTTP/1.1 and HTTP/2 by ALPN.</summary>
    Https,
}
