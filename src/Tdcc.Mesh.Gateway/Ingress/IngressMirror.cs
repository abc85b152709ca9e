using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Forwarding;
using Tdcc.Mesh.Gateway.Logging;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.Gateway.Ingress;

/// <summary>
/// <c>RequestMirror</c>: a copy of the request (method, path, query, headers as the filters left them, and a body of at
/// most <see cref="MaxBody"/> bytes, buffered) goes to the mirror backend, fire and forget; its answer is read and
/// dropped. Bounded: at most <see cref="MaxInFlight"/> copies at once (more are not sent) and <see cref="Timeout"/>
/// each. A Service mirror goes to one of its ready endpoints; a ServiceImport mirror to the gateway's own outbound
/// listener of that service (so it takes the clusterset path with its failover).
/// </summary>
internal sealed class IngressMirror(HttpMessageInvoker local, Func<GatewayConfiguration?> gateway, IPAddress outboundAddress, ILogger logger) : IDisposable
{
    public const int MaxBody = 64 * 1024;
    public const int MaxInFlight = 64;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly string TooLarge = "the request body is larger than " + MaxBody.ToString(CultureInfo.InvariantCulture) + " bytes or not of a known length";

    private readonly SemaphoreSlim _slots = new(MaxInFlight, MaxInFlight);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Sends the copies the request's filters asked for; returns once the request body (if any) is buffered.</summary>
    public async Task MirrorAsync(HttpContext context, IReadOnlyList<MirrorFilter> mirrors)
    {
        byte[]? body = null;
        var request = context.Request;
        if (request.ContentLength is > 0 and <= MaxBody)
        {
            request.EnableBuffering(MaxBody);
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            request.Body.Position = 0;
            body = buffer.ToArray();
        }
        else if (request.ContentLength is > MaxBody || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0))
        {
            GatewayLog.IngressMirrorSkipped(logger, TooLarge);
            return;
        }

        foreach (var mirror in mirrors)
        {
            if (mirror.Percent < 100 && Random.Shared.NextDouble() * 100 >= mirror.Percent)
            {
                continue;
            }

            var target = Target(mirror.Backend);
            if (target is null)
            {
                var reason = $"mirror backend {mirror.Backend.Kind} {mirror.Backend.Namespace}/{mirror.Backend.Name} has no address";
                GatewayLog.IngressMirrorSkipped(logger, reason);
                continue;
            }

            if (!_slots.Wait(0))
            {
                GatewayLog.IngressMirrorSkipped(logger, "too many mirrored requests in flight");
                continue;
            }

            var copy = Copy(request, target, body);
            _ = SendAsync(copy);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _slots.Dispose();
    }

    private async Task SendAsync(HttpRequestMessage copy)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(Timeout);
            using var response = await local.SendAsync(copy, timeout.Token).ConfigureAwait(false);
            await response.Content.CopyToAsync(Stream.Null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            var target = copy.RequestUri?.ToString() ?? string.Empty;
            GatewayLog.IngressMirrorFailed(logger, target, e.Message);
        }
        finally
        {
            copy.Dispose();
            try
            {
                _slots.Release();
            }
            catch (ObjectDisposedException)
            {
                // Stopped meanwhile.
            }
        }
    }

    private string? Target(IngressBackend backend)
    {
        switch (backend.Kind)
        {
            case IngressBackendKind.Service:
                var ready = IngressEndpoints.Parse(backend.Endpoints);
                return ready.Length == 0 ? null : EndpointUris.HttpPrefix(ready[Random.Shared.Next(ready.Length)]);
            case IngressBackendKind.ServiceImport:
                var key = new ServiceKey(backend.Namespace, backend.Name, backend.Port);
                var port = gateway()?.Outbound.FirstOrDefault(p => p.Service == key);
                if (port is null)
                {
                    return null;
                }

                var address = outboundAddress.Equals(IPAddress.Any) ? IPAddress.Loopback : outboundAddress.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : outboundAddress;
                var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();
                return "http://" + host + ":" + port.ListenPort.ToString(CultureInfo.InvariantCulture) + "/";
            default:
                return null;
        }
    }

    private static HttpRequestMessage Copy(HttpRequest request, string prefix, byte[]? body)
    {
        var uri = new Uri(prefix.TrimEnd('/') + request.PathBase + request.Path + request.QueryString);
        var copy = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (IsHopByHop(name) || string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!copy.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                copy.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        copy.Headers.Host = request.Host.Value;
        return copy;
    }

    private static bool IsHopByHop(string name) =>
        name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)
        || name.Equals("TE", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.StartsWith(':');
}
