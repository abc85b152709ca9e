using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Forwarding;
using Tdcc.Mesh.Gateway.Identity;
using Tdcc.Mesh.Gateway.Logging;
using Tdcc.Mesh.Gateway.Metrics;
using Tdcc.Mesh.Gateway.Status;
using Tdcc.Mesh.Gateway.Tunnels;
using Yarp.ReverseProxy.Forwarder;

namespace Tdcc.Mesh.Gateway.Inbound;

/// <summary>
/// Handles a stream that arrived over a tunnel: <c>:authority</c> names an exported service port (<see cref="InboundPort"/>);
/// an HTTP request is forwarded to one of its ready local endpoints, a TCP connection (extended CONNECT with
/// <c>:protocol</c> <c>tdcc-tcp</c>) is relayed to one. The source cluster is the peer certificate's, whatever the header says.
/// </summary>
internal sealed class InboundHandler(
    IGatewayConfigurationSource configuration,
    IGatewayCredentialSource credentials,
    IHttpForwarder forwarder,
    LocalHttpClient local,
    EndpointPicker picker,
    TcpConnector tcp,
    GatewayMetrics metrics,
    StatusTracker status,
    ReverseTunnels reverse,
    ILogger logger)
{
    /// <summary>The body (and gRPC message) of a refusal by a network policy: Envoy's RBAC filter's words.</summary>
    public const string AccessDenied = "RBAC: access denied";

    public async Task HandleAsync(HttpContext context)
    {
        var config = configuration.Current;
        var trustDomain = credentials.Current?.TrustDomain;
        var peer = context.Connection.ClientCertificate is { } certificate && trustDomain is not null ? GatewayIdentity.ClusterOf(certificate, trustDomain) : null;
        if (config is null || peer is null || !config.Peers.Any(p => string.Equals(p.Cluster, peer, StringComparison.Ordinal)))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "the peer is not a member gateway of this clusterset", null).ConfigureAwait(false);
            return;
        }

        status.Succeeded(peer, TunnelDirection.Inbound, null, context.Connection.ClientCertificate!.NotAfter.ToUniversalTime());
        var authority = context.Request.Host.Value ?? string.Empty;
        if (string.Equals(authority, TunnelProtocol.HealthAuthority, StringComparison.Ordinal))
        {
            // A peer's probe (PeerProber): answered here, no pod involved.
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        if (string.Equals(authority, TunnelProtocol.ReverseAuthority, StringComparison.Ordinal))
        {
            await HoldReverseAsync(context, peer).ConfigureAwait(false);
            return;
        }

        if (!ServiceKey.TryParseAuthority(authority, out var key))
        {
            await RefuseAsync(context, StatusCodes.Status404NotFound, $"authority '{authority}' is not a clusterset service port (<svc>.<ns>.svc.clusterset.local:<port>)", "unknown-service").ConfigureAwait(false);
            return;
        }

        var port = config.Inbound.FirstOrDefault(p => p.Service == key);
        if (port is null)
        {
            GatewayLog.UnknownService(logger, authority, peer);
            await RefuseAsync(context, StatusCodes.Status404NotFound, $"service port {key.Authority} is not exported by cluster {config.Cluster}", "unknown-service").ConfigureAwait(false);
            return;
        }

        Attest(context, peer);
        var labels = new TrafficLabels("destination", peer, config.Cluster, key, MutualTls: true);
        var connect = context.Features.Get<IHttpExtendedConnectFeature>();
        var tcp = connect is { IsExtendedConnect: true } && string.Equals(connect.Protocol, TunnelProtocol.TcpProtocol, StringComparison.Ordinal);
        if (port.Access?.DeniedBy("spiffe://" + trustDomain + "/cluster/" + peer + "/gateway", name => Header(context.Request, name)) is { } deniedBy)
        {
            await DenyAsync(context, port, labels, deniedBy, tcp).ConfigureAwait(false);
            return;
        }

        if (tcp)
        {
            await RelayTcpAsync(context, connect!, port, labels).ConfigureAwait(false);
            return;
        }

        await ForwardHttpAsync(context, port, labels).ConfigureAwait(false);
    }

    // Refused by a network policy, as Envoy's RBAC filter refuses: HTTP 403 "RBAC: access denied", a gRPC call
    // PERMISSION_DENIED (trailers-only), a TCP stream before anything is relayed.
    private async Task DenyAsync(HttpContext context, InboundPort port, TrafficLabels labels, string deniedBy, bool tcp)
    {
        var slash = deniedBy.LastIndexOf('/');
        var policy = slash > 0 ? deniedBy[..slash] : deniedBy;
        var rule = slash > 0 ? deniedBy[(slash + 1)..] : string.Empty;
        GatewayLog.PolicyDenied(logger, port.Service.Authority, labels.SourceCluster, deniedBy);
        metrics.PolicyDenied(policy, rule, labels.SourceCluster, port.Service.Authority);
        status.Denied(policy, labels.SourceCluster, port.Service.Authority);
        var grpc = !tcp && (port.Protocol == GatewayProtocol.Grpc || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true);
        if (grpc)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "7";
            context.Response.Headers["grpc-message"] = AccessDenied;
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(AccessDenied, context.RequestAborted).ConfigureAwait(false);
        }

        if (tcp)
        {
            metrics.TcpOpened(labels);
            metrics.TcpClosed(labels, "-", 0, 0);
        }
        else
        {
            metrics.Request(labels, grpc ? "grpc" : "http", context.Response.StatusCode, grpc ? "7" : string.Empty, "-", TimeSpan.Zero, context.Request.ContentLength ?? 0, 0);
        }
    }

    private static string? Header(HttpRequest request, string name) => name switch
    {
        ":method" => request.Method,
        ":path" => request.Path.HasValue ? request.Path.Value + request.QueryString.Value : null,
        ":authority" => request.Host.Value,
        _ => request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? string.Join(',', values.ToArray()) : null,
    };

    // A peer behind NAT offers a reverse tunnel: the CONNECT stream is held and used as an HTTP/2 client connection to it.
    private async Task HoldReverseAsync(HttpContext context, string peer)
    {
        var connect = context.Features.Get<IHttpExtendedConnectFeature>();
        if (connect is not { IsExtendedConnect: true } || !string.Equals(connect.Protocol, TunnelProtocol.ReverseProtocol, StringComparison.Ordinal))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"'{TunnelProtocol.ReverseAuthority}' takes an extended CONNECT with :protocol {TunnelProtocol.ReverseProtocol}", null).ConfigureAwait(false);
            return;
        }

        var stream = await connect.AcceptAsync().ConfigureAwait(false);
        await reverse.HoldAsync(peer, stream, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task RefuseAsync(HttpContext context, int code, string reason, string? gatewayError)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (gatewayError is not null)
        {
            context.Response.Headers[TunnelProtocol.GatewayErrorHeader] = gatewayError;
        }

        return context.Response.WriteAsync(reason + "\n", context.RequestAborted);
    }

    private void Attest(HttpContext context, string peer)
    {
        var claimed = context.Request.Headers[TunnelProtocol.SourceClusterHeader].ToString();
        if (!string.Equals(claimed, peer, StringComparison.Ordinal))
        {
            if (claimed.Length > 0)
            {
                GatewayLog.SourceMismatch(logger, peer, TunnelProtocol.SourceClusterHeader, claimed);
                metrics.SourceMismatch(peer);
            }

            context.Request.Headers[TunnelProtocol.SourceClusterHeader] = peer;
        }
    }

    private async Task ForwardHttpAsync(HttpContext context, InboundPort port, TrafficLabels labels)
    {
        var started = Stopwatch.GetTimestamp();
        var requestConfig = new ForwarderRequestConfig
        {
            Version = port.Protocol == GatewayProtocol.Http ? HttpVersion.Version11 : HttpVersion.Version20,
            VersionPolicy = port.Protocol == GatewayProtocol.Http ? HttpVersionPolicy.RequestVersionOrLower : HttpVersionPolicy.RequestVersionExact,
            ActivityTimeout = port.Policy?.Timeout ?? TimeSpan.FromSeconds(100),
        };

        var flags = "-";
        ForwardingTransformer? transformer = null;
        var endpoints = picker.Order(port.Service, port.Endpoints);
        var delivered = false;
        foreach (var endpoint in endpoints)
        {
            transformer = new ForwardingTransformer(null, labels.SourceCluster, null);
            var error = await forwarder.SendAsync(context, EndpointUris.HttpPrefix(endpoint), local.Invoker, requestConfig, transformer).ConfigureAwait(false);
            if (error == ForwarderError.None || context.Response.HasStarted || !OutboundFailure.IsConnectFailure(context))
            {
                delivered = true;
                flags = error == ForwarderError.None ? "-" : "UF";
                break;
            }

            OutboundFailure.Reset(context);
        }

        if (!delivered)
        {
            flags = endpoints.Count == 0 ? "UH" : "UF";
            GatewayLog.NoEndpoint(logger, port.Service.Authority);
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, $"no ready endpoint of {port.Service.Authority} accepted the request", "no-endpoint").ConfigureAwait(false);
        }

        var code = context.Response.StatusCode;
        status.Counted(port.Service.Authority, code >= 500);
        metrics.Request(labels, port.Protocol == GatewayProtocol.Grpc ? "grpc" : "http", code, GrpcStatusOf(context, transformer), flags, Stopwatch.GetElapsedTime(started), context.Request.ContentLength ?? 0, transformer?.ResponseBytes ?? 0);
    }

    private async Task RelayTcpAsync(HttpContext context, IHttpExtendedConnectFeature connect, InboundPort port, TrafficLabels labels)
    {
        var upstream = await tcp.ConnectAsync(port.Service, port.Endpoints, context.RequestAborted).ConfigureAwait(false);
        if (upstream is null)
        {
            GatewayLog.NoEndpoint(logger, port.Service.Authority);
            status.Counted(port.Service.Authority, error: true);
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, $"no ready endpoint of {port.Service.Authority} accepted the connection", "no-endpoint").ConfigureAwait(false);
            return;
        }

        await using (upstream.ConfigureAwait(false))
        {
            metrics.TcpOpened(labels);
            status.Counted(port.Service.Authority, error: false);
            var stream = await connect.AcceptAsync().ConfigureAwait(false);
            long sent = 0, received = 0;
            try
            {
                (sent, received) = await StreamRelay.RunAsync(stream, upstream, context.RequestAborted).ConfigureAwait(false);
            }
            finally
            {
                metrics.TcpClosed(labels, "-", sent, received);
            }
        }
    }

    private static string GrpcStatusOf(HttpContext context, ForwardingTransformer? transformer)
    {
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        if (trailers is not null && trailers.TryGetValue("grpc-status", out var value) && value.Count > 0)
        {
            return value.ToString();
        }

        return transformer?.GrpcStatus ?? string.Empty;
    }
}
