using System.Diagnostics.Metrics;

namespace Tdcc.Mesh.Xds.Bench.Measurement;

/// <summary>
/// Listens to the server's own instruments (meter <c>Tdcc.Mesh.Xds</c>): connected streams, NACKs, and
/// <c>tdcc.xds.convergence.time</c>, which the server records once per stream and response, from the
/// <c>SetSnapshot</c> the response was built from to the ACK arriving. A window collects the EDS convergence times
/// of one change and completes when every stream has ACKed.
/// </summary>
internal sealed class XdsMeterWatcher : IDisposable
{
    private const string MeterName = "Tdcc.Mesh.Xds";
    private const string ConvergenceInstrument = "tdcc.xds.convergence.time";
    private const string StreamsInstrument = "tdcc.xds.streams.connected";
    private const string NacksInstrument = "tdcc.xds.nacks";

    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly List<double> _window = [];
    private int _expected;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _connected;
    private long _nacks;

    public XdsMeterWatcher()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name is ConvergenceInstrument or StreamsInstrument or NacksInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnDouble);
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.Start();
    }

    /// <summary>Open ADS streams right now.</summary>
    public long Connected => Interlocked.Read(ref _connected);

    /// <summary>NACKs received since the start.</summary>
    public long Nacks => Interlocked.Read(ref _nacks);

    /// <summary>Starts collecting EDS convergence times; the window is complete after <paramref name="expected"/> of them.</summary>
    public void BeginWindow(int expected)
    {
        lock (_gate)
        {
            _window.Clear();
            _expected = expected;
            _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Waits until the window is complete; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitWindowAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task reached;
        lock (_gate)
        {
            reached = _reached.Task;
        }

        try
        {
            await reached.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The convergence times (seconds) collected in the window so far; the window stays open.</summary>
    public List<double> WindowSeconds()
    {
        lock (_gate)
        {
            return [.. _window];
        }
    }

    /// <summary>Polls until <paramref name="streams"/> streams are connected; false on timeout.</summary>
    public async Task<bool> WaitConnectedAsync(int streams, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (Connected < streams)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public void Dispose() => _listener.Dispose();

    private void OnDouble(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Name != ConvergenceInstrument || !IsEds(tags))
        {
            return;
        }

        lock (_gate)
        {
            _window.Add(seconds);
            if (_window.Count >= _expected)
            {
                _reached.TrySetResult();
            }
        }
    }

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Name == StreamsInstrument)
        {
            Interlocked.Add(ref _connected, value);
        }
        else if (instrument.Name == NacksInstrument)
        {
            Interlocked.Add(ref _nacks, value);
        }
    }

    private static bool IsEds(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "type")
            {
                return tag.Value is "EDS";
            }
        }

        return false;
    }
}
