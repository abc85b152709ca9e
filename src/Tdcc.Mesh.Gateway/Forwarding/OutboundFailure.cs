using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Tdcc.Mesh.Gateway.Forwarding;

/// <summary>What a failed forwarding attempt left behind, and how to clear it for the next attempt.</summary>
internal static class OutboundFailure
{
    /// <summary>True when the attempt never reached the next hop (connection refused, TLS refused, connect timeout): safe to retry any request.</summary>
    public static bool IsConnectFailure(HttpContext context)
    {
        var feature = context.Features.Get<IForwarderErrorFeature>();
        if (feature is null || feature.Error != ForwarderError.Request)
        {
            return false;
        }

        for (var e = feature.Exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError })
            {
                return true;
            }

            if (e is System.Net.Sockets.SocketException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Undoes what the forwarder set on a response that was not started, so another attempt starts clean.</summary>
    public static void Reset(HttpContext context)
    {
        context.Features.Set<IForwarderErrorFeature>(null);
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
