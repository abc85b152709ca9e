using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Tdcc.Mesh.Gateway.Tunnels;
using Yarp.ReverseProxy.Forwarder;

namespace Tdcc.Mesh.Gateway.Forwarding;

/// <summary>
/// YARP's default transform plus the gateway's: the <c>Host</c>/<c>:authority</c> the next hop must see, the source
/// attestation headers, and a look at the response before it is copied so that a retryable failure can be withheld
/// from the client and tried on another backend. One instance per forwarding attempt.
/// </summary>
internal sealed class ForwardingTransformer(string? authority, string? sourceCluster, Func<HttpResponseMessage, bool>? withhold) : HttpTransformer
{
    /// <summary>True when the response was withheld for a retry (nothing was written to the client).</summary>
    public bool Withheld { get; private set; }

    /// <summary>The status the next hop answered, 0 when none.</summary>
    public int UpstreamStatus { get; private set; }

    /// <summary>The response body's declared length (0 when unknown).</summary>
    public long ResponseBytes { get; private set; }

    /// <summary>The <c>grpc-status</c> of a trailers-only response, if any.</summary>
    public string? GrpcStatus { get; private set; }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.Headers.Host = authority ?? httpContext.Request.Host.Value;
        proxyRequest.Headers.Remove(TunnelProtocol.SourceClusterHeader);
        proxyRequest.Headers.Remove(TunnelProtocol.SourceWorkloadHeader);
        proxyRequest.Headers.Remove(TunnelProtocol.SourceNamespaceHeader);
        proxyRequest.Headers.Remove(TunnelProtocol.GatewayErrorHeader);
        if (sourceCluster is not null)
        {
            proxyRequest.Headers.TryAddWithoutValidation(TunnelProtocol.SourceClusterHeader, sourceCluster);
        }
    }

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is not null)
        {
            UpstreamStatus = (int)proxyResponse.StatusCode;
            ResponseBytes = proxyResponse.Content.Headers.ContentLength ?? 0;
            GrpcStatus = Header(proxyResponse.Headers, "grpc-status");
            if (withhold is not null && withhold(proxyResponse))
            {
                Withheld = true;
                return ValueTask.FromResult(false);
            }
        }

        return base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
