using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

namespace Tdcc.Mesh.Xds.Bench.Measurement;

/// <summary>
/// Samples the runtime's GCAllocationTick events (one per ~100 KB allocated, naming the type of the object that
/// crossed the threshold) and sums the sampled bytes by type: a cheap in-process allocation profile.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);

    /// <summary>Clears what was sampled so far.</summary>
    public void Reset() => _bytes.Clear();

    /// <summary>The types with the most sampled bytes.</summary>
    public string Top(int count)
    {
        var total = _bytes.Values.Sum();
        var text = new StringBuilder();
        foreach (var (type, bytes) in _bytes.OrderByDescending(pair => pair.Value).Take(count))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    {bytes / 1048576.0,10:0.0} MiB {100.0 * bytes / Math.Max(1, total),5:0.0}%  {type}");
        }

        return text.ToString();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        ArgumentNullException.ThrowIfNull(eventSource);
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null || eventData.Payload is null)
        {
            return;
        }

        var type = "?";
        long amount = 0;
        for (var i = 0; i < eventData.PayloadNames.Count; i++)
        {
            switch (eventData.PayloadNames[i])
            {
                case "TypeName":
                    type = eventData.Payload[i] as string ?? "?";
                    break;
                case "AllocationAmount64":
                    amount = Convert.ToInt64(eventData.Payload[i], CultureInfo.InvariantCulture);
                    break;
                case "AllocationAmount" when amount == 0:
                    amount = Convert.ToInt64(eventData.Payload[i], CultureInfo.InvariantCulture);
                    break;
            }
        }

        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
