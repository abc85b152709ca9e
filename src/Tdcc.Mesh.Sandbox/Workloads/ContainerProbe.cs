using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>
/// A container's liveness or readiness probe as the kubelet runs it: <c>httpGet</c> (success is a status in
/// [200, 400)) or <c>tcpSocket</c> at the pod IP, from the pod's network, with kube's timings and thresholds.
/// <c>exec</c> and <c>grpc</c> probes are not run (they count as succeeding).
/// </summary>
internal sealed class ContainerProbe
{
    private ContainerProbe(string? path, int port, bool http, bool https, TimeSpan initialDelay, TimeSpan period, TimeSpan timeout, int successThreshold, int failureThreshold)
    {
        Path = path;
        Port = port;
        IsHttp = http;
        IsHttps = https;
        InitialDelay = initialDelay;
        Period = period;
        Timeout = timeout;
        SuccessThreshold = successThreshold;
        FailureThreshold = failureThreshold;
    }

    public string? Path { get; }

    public int Port { get; }

    public bool IsHttp { get; }

    public bool IsHttps { get; }

    public TimeSpan InitialDelay { get; }

    public TimeSpan Period { get; }

    public TimeSpan Timeout { get; }

    public int SuccessThreshold { get; }

    public int FailureThreshold { get; }

    /// <summary>The probe, or null when there is none or it is of a kind not run here.</summary>
    public static ContainerProbe? Parse(JsonElement? probe, IReadOnlyList<Tdcc.Mesh.Kube.Model.ContainerPort> ports)
    {
        if (probe is not { ValueKind: JsonValueKind.Object } p)
        {
            return null;
        }

        var initial = Seconds(p, "initialDelaySeconds", 0);
        var period = Seconds(p, "periodSeconds", 10);
        var timeout = Seconds(p, "timeoutSeconds", 1);
        var success = Int(p, "successThreshold", 1);
        var failure = Int(p, "failureThreshold", 3);
        if (p.TryGetProperty("httpGet", out var httpGet) && ResolvePort(httpGet, ports) is { } httpPort)
        {
            var path = httpGet.TryGetProperty("path", out var pathValue) && pathValue.ValueKind == JsonValueKind.String ? pathValue.GetString() : "/";
            var https = httpGet.TryGetProperty("scheme", out var scheme) && string.Equals(scheme.GetString(), "HTTPS", StringComparison.OrdinalIgnoreCase);
            return new ContainerProbe(string.IsNullOrEmpty(path) ? "/" : path, httpPort, true, https, initial, period, timeout, success, failure);
        }

        if (p.TryGetProperty("tcpSocket", out var tcp) && ResolvePort(tcp, ports) is { } tcpPort)
        {
            return new ContainerProbe(null, tcpPort, false, false, initial, period, timeout, success, failure);
        }

        return null;
    }

    /// <summary>One probe attempt against <paramref name="podIP"/> from <paramref name="network"/>.</summary>
    public async Task<bool> RunAsync(IPAddress podIP, IClusterNetwork network, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            if (!IsHttp)
            {
                using var socket = network.CreateSocket(podIP.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(podIP, Port), timeout.Token).ConfigureAwait(false);
                return true;
            }

            using var handler = new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectCallback = async (context, ct) =>
                {
                    var socket = network.CreateSocket(podIP.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        await socket.ConnectAsync(new IPEndPoint(podIP, Port), ct).ConfigureAwait(false);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };

            // The kubelet does not verify a probed pod's certificate.
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
            using var http = new HttpClient(handler);
            var authority = podIP.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{podIP}]" : podIP.ToString();
            var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"{(IsHttps ? "https" : "http")}://{authority}:{Port}{Path}"));
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.UserAgent.ParseAdd("kube-probe/1.32");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 400;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or OperationCanceledException or IOException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return false;
        }
    }

    private static int? ResolvePort(JsonElement action, IReadOnlyList<Tdcc.Mesh.Kube.Model.ContainerPort> ports)
    {
        if (!action.TryGetProperty("port", out var port))
        {
            return null;
        }

        if (port.ValueKind == JsonValueKind.Number && port.TryGetInt32(out var number))
        {
            return number;
        }

        if (port.ValueKind == JsonValueKind.String)
        {
            var text = port.GetString();
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }

            return ports.FirstOrDefault(p => p.Name == text)?.Port;
        }

        return null;
    }

    private static TimeSpan Seconds(JsonElement probe, string name, int fallback) => TimeSpan.FromSeconds(Int(probe, name, fallback));

    private static int Int(JsonElement probe, string name, int fallback) =>
        probe.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0 ? number : fallback;
}
