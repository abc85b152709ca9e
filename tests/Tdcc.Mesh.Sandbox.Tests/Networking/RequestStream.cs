using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

/// <summary>
/// A steady stream of idempotent requests as a pod of a cluster would send them: one <c>GET /</c> at a time (a new
/// connection each, HTTP/1.0) from a socket made in that cluster's network, every answer kept with its time, the
/// answering cluster (the echo reply's <c>cluster</c>) or why it failed (a socket error, a timeout, a non-200 status).
/// </summary>
internal sealed class RequestStream : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);

    private readonly IClusterNetwork _network;
    private readonly IPEndPoint _target;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Sample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private RequestStream(IClusterNetwork network, IPEndPoint target)
    {
        _network = network;
        _target = target;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Time since the stream started.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public static RequestStream Start(IClusterNetwork network, IPEndPoint target) => new(network, target);

    /// <summary>The samples so far (a copy).</summary>
    public IReadOnlyList<Sample> Samples()
    {
        lock (_samples)
        {
            return [.. _samples];
        }
    }

    /// <summary>Waits until every cluster in <paramref name="clusters"/> answered since <paramref name="since"/>.</summary>
    public async Task WaitAnsweredByAsync(IReadOnlyCollection<string> clusters, TimeSpan since, TimeSpan timeout, string because)
    {
        var deadline = Now + timeout;
        while (true)
        {
            var seen = Samples().Where(s => s.Sent >= since && s.Cluster is not null).Select(s => s.Cluster!).ToHashSet(StringComparer.Ordinal);
            if (clusters.All(seen.Contains))
            {
                return;
            }

            if (Now > deadline)
            {
                throw new TimeoutException($"{because}: answered by [{string.Join(", ", seen)}] only, after {timeout.TotalSeconds:0} s ({Summary(since)})");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Waits until the last <paramref name="window"/> of answers has no failure, at least 10 requests, and a share of
    /// at least <paramref name="minShare"/> from each of <paramref name="clusters"/>.
    /// </summary>
    public async Task WaitBalancedAsync(IReadOnlyCollection<string> clusters, TimeSpan window, double minShare, TimeSpan timeout, string because)
    {
        var deadline = Now + timeout;
        while (true)
        {
            var since = Now - window;
            var recent = Samples().Where(s => s.Sent >= since).ToList();
            if (since > TimeSpan.Zero && recent.Count >= 10 && recent.All(s => s.Cluster is not null)
                && clusters.All(c => recent.Count(s => s.Cluster == c) >= minShare * recent.Count))
            {
                return;
            }

            if (Now > deadline)
            {
                throw new TimeoutException($"{because}: not met within {timeout.TotalSeconds:0} s (last {window.TotalSeconds:0} s: {Summary(since)})");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Waits until, since <paramref name="fault"/>, a run of answers all from <paramref name="cluster"/> lasting
    /// <paramref name="window"/> has been seen, and returns the figures of the failover.
    /// </summary>
    public async Task<FailoverFigures> WaitSettledOnAsync(string cluster, TimeSpan fault, TimeSpan window, TimeSpan timeout)
    {
        var deadline = Now + timeout;
        while (true)
        {
            var figures = Figures(cluster, fault, window);
            if (figures is not null)
            {
                return figures;
            }

            if (Now > deadline)
            {
                throw new TimeoutException($"traffic did not settle on {cluster} within {timeout.TotalSeconds:0} s of the fault ({Summary(fault)})");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Counts per outcome since <paramref name="since"/>, for messages.</summary>
    public string Summary(TimeSpan since) =>
        string.Join(", ", Samples().Where(s => s.Sent >= since).GroupBy(s => s.Cluster ?? "failed: " + s.Error).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}: {g.Count()}")));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    /// <summary>
    /// The figures once settled: the first answer from <paramref name="cluster"/> after which, for
    /// <paramref name="window"/>, every request was answered by it; null while no such run is complete.
    /// </summary>
    private FailoverFigures? Figures(string cluster, TimeSpan fault, TimeSpan window)
    {
        var after = Samples().Where(s => s.Sent >= fault).ToList();
        for (var i = 0; i < after.Count; i++)
        {
            if (after[i].Cluster != cluster)
            {
                continue;
            }

            var end = after[i].Sent + window;
            var j = i;
            while (j < after.Count && after[j].Sent < end && after[j].Cluster == cluster)
            {
                j++;
            }

            if (j < after.Count && after[j].Sent >= end)
            {
                var observed = after.Take(j).ToList();
                var failed = observed.Where(s => s.Cluster is null).ToList();
                return new FailoverFigures(
                    Requests: observed.Count,
                    Failed: failed.Count,
                    SettledAfter: after[i].Sent - fault,
                    ErrorSpan: failed.Count == 0 ? TimeSpan.Zero : failed[^1].Answered - failed[0].Sent,
                    SlowestAnswer: observed.Max(s => s.Answered - s.Sent),
                    Errors: [.. failed.Select(s => s.Error!).Distinct(StringComparer.Ordinal)]);
            }

            if (j < after.Count)
            {
                i = j - 1;
            }
            else
            {
                return null;
            }
        }

        return null;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var sent = Now;
            var (cluster, error) = await GetAsync();
            lock (_samples)
            {
                _samples.Add(new Sample(sent, Now, cluster, error));
            }

            try
            {
                await Task.Delay(Pause, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<(string? Cluster, string? Error)> GetAsync()
    {
        using var socket = _network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(RequestTimeout);
        try
        {
            await socket.ConnectAsync(_target, deadline.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.0\r\nHost: {_target}\r\n\r\n"), deadline.Token);
            var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await socket.ReceiveAsync(chunk, deadline.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }

            var text = Encoding.UTF8.GetString(buffer.ToArray());
            var statusLine = text.Split("\r\n", 2)[0];
            if (!statusLine.Contains(" 200 ", StringComparison.Ordinal))
            {
                return (null, statusLine.Length == 0 ? "connection closed without an answer" : statusLine);
            }

            using var json = JsonDocument.Parse(text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
            return (json.RootElement.GetProperty("cluster").GetString(), null);
        }
        catch (SocketException e)
        {
            return (null, e.SocketErrorCode.ToString());
        }
        catch (OperationCanceledException)
        {
            return (null, "timed out");
        }
        catch (JsonException e)
        {
            return (null, "bad reply: " + e.Message);
        }
    }

    /// <summary>One request: when it was sent and answered (since the stream started), by which cluster, or why it failed.</summary>
    internal sealed record Sample(TimeSpan Sent, TimeSpan Answered, string? Cluster, string? Error);
}

/// <summary>What a failover cost the client, from the fault until traffic settled on the remaining cluster.</summary>
/// <param name="Requests">Requests sent from the fault to the end of the settled run.</param>
/// <param name="Failed">How many of them failed.</param>
/// <param name="SettledAfter">From the fault to the first request of the run answered only by the remaining cluster.</param>
/// <param name="ErrorSpan">From the first failed request's start to the last one's end (zero without failures).</param>
/// <param name="SlowestAnswer">The longest request from the fault to the end of the settled run (what failover cost in latency: a request retried elsewhere is slow, not failed).</param>
/// <param name="Errors">The distinct errors.</param>
internal sealed record FailoverFigures(int Requests, int Failed, TimeSpan SettledAfter, TimeSpan ErrorSpan, TimeSpan SlowestAnswer, IReadOnlyList<string> Errors)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Requests} requests, {Failed} failed (errors over {ErrorSpan.TotalMilliseconds:0} ms{(Errors.Count == 0 ? string.Empty : ": " + string.Join("; ", Errors))}), settled after {SettledAfter.TotalMilliseconds:0} ms, slowest answer {SlowestAnswer.TotalMilliseconds:0} ms");
}
