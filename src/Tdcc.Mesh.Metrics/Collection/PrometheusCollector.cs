using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Tdcc.Mesh.Metrics.Exposition;

namespace Tdcc.Mesh.Metrics.Collection;

/// <summary>Listens to the selected meters and keeps one <see cref="InstrumentState"/> per instrument.</summary>
internal sealed class PrometheusCollector : IPrometheusExporter
{
    private readonly PrometheusExporterOptions options;
    private readonly string[] prefixes;
    private readonly ConcurrentDictionary<Instrument, InstrumentState> instruments = new();
    private readonly Lock scrapeGate = new();
    private readonly MeterListener listener;

    public PrometheusCollector(PrometheusExporterOptions options)
    {
        this.options = options;
        prefixes = [.. options.MeterPrefixes];
        listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = (instrument, _) => instruments.TryRemove(instrument, out InstrumentState? _),
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, state) => Record(state, value, tags));
        listener.SetMeasurementEventCallback<float>((_, value, tags, state) => Record(state, value, tags));
        listener.SetMeasurementEventCallback<long>((_, value, tags, state) => Record(state, value, tags));
        listener.SetMeasurementEventCallback<int>((_, value, tags, state) => Record(state, value, tags));
        listener.SetMeasurementEventCallback<short>((_, value, tags, state) => Record(state, value, tags));
        listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => Record(state, value, tags));
        listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => Record(state, (double)value, tags));
        listener.Start();
    }

    public string Scrape()
    {
        lock (scrapeGate)
        {
            var states = instruments.Values.ToList();
            foreach (var state in states)
            {
                state.ResetObservations();
            }

            listener.RecordObservableInstruments();
            return ExpositionWriter.Write(states);
        }
    }

    public void Dispose() => listener.Dispose();

    private static void Record(object? state, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        (state as InstrumentState)?.Record(value, tags);

    private void OnInstrumentPublished(Instrument instrument, MeterListener meterListener)
    {
        if (!Selected(instrument.Meter.Name))
        {
            return;
        }

        var state = instruments.GetOrAdd(instrument, i => new InstrumentState(i, options));
        meterListener.EnableMeasurementEvents(instrument, state);
    }

    private bool Selected(string meterName)
    {
        if (prefixes.Length == 0)
        {
            return true;
        }

        foreach (var prefix in prefixes)
        {
            if (string.Equals(meterName, prefix, StringComparison.Ordinal)
                || (meterName.StartsWith(prefix, StringComparison.Ordinal) && (prefix.EndsWith('.') || meterName[prefix.Length] == '.')))
            {
                return true;
            }
        }

        return false;
    }
}
