using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// The mesh half of <c>--demo</c>: <c>ServiceExport demo/echo</c> in the first member only, so every other member
/// imports it; ready once every member has the ServiceImport with its clusterset IP and a request to that IP from inside
/// each importing member's network is answered.
/// </summary>
internal static class DemoExport
{
    public static async Task ExportAsync(IKubeClient exporter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        try
        {
            await exporter.Resource<ServiceExport>().CreateAsync(
                new ServiceExport { Metadata = new Kube.Model.ObjectMeta { Name = DemoWorkload.Name, Namespace = DemoWorkload.Namespace } },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
        {
            // Kept from an earlier run.
        }
    }

    /// <summary>Waits until <c>demo/echo</c> is imported with an IP in <paramref name="member"/>; <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task<ServiceImport> WaitImportedAsync(IKubeClient member, string cluster, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var import = await member.Resource<ServiceImport>().GetAsync(DemoWorkload.Namespace, DemoWorkload.Name, cancellationToken).ConfigureAwait(false);
            if (import?.Spec?.Ips is { Length: > 0 })
            {
                return import;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"{DemoWorkload.Namespace}/{DemoWorkload.Name} is not imported with an IP in cluster {cluster} after {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until an HTTP GET to the import's clusterset IP on the echo's HTTP port, made from inside
    /// <paramref name="member"/>'s network, answers 200 (through the gateways in the isolated layout).
    /// </summary>
    public static async Task WaitAnsweredAsync(ISimulatedCluster member, Mcs.Api.ServiceImport import, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(import);
        var target = new IPEndPoint(IPAddress.Parse(import.Spec!.Ips!.Value[0]), DemoWorkload.HttpPort);
        var deadline = time.GetUtcNow() + timeout;
        string last = "no answer yet";
        while (true)
        {
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(5));
                var status = await GetStatusLineAsync(member, target, attempt.Token).ConfigureAwait(false);
                if (status.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
                {
                    return;
                }

                last = status;
            }
            catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                last = e.Message;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"http://{target}/ ({DemoWorkload.Namespace}/{DemoWorkload.Name}'s clusterset IP) did not answer from inside {member.Name} after {timeout.TotalSeconds:0} s: {last}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string> GetStatusLineAsync(ISimulatedCluster member, IPEndPoint target, CancellationToken cancellationToken)
    {
        using var socket = member.Network.CreateSocket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        var stream = new NetworkStream(socket, ownsSocket: false);
        await using var streamScope = stream.ConfigureAwait(false);
        var request = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"GET / HTTP/1.1\r\nHost: {DemoWorkload.Name}.{DemoWorkload.Namespace}.svc.clusterset.local\r\nConnection: close\r\n\r\n"));
        await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? "connection closed without an answer";
    }
}
