using System.Globalization;
using System.Text;

namespace Tdcc.Mesh.ApiServer.Bench.Report;

/// <summary>The report as the console shows it.</summary>
internal static class ConsoleReport
{
    public static string Render(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var m = report.Machine;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"API server benchmark{(report.Options.Quick ? " (--quick)" : string.Empty)}: {m.Cores} cores, {ReportTables.Bytes(m.MemoryBytes)}, load {m.LoadAverage:0.00}, {m.Runtime}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Writes (ConfigMaps of {report.ObjectBytes} B, KubeClient over HTTP/1.1, then over the secure listener with TLS and HTTP/2; etcd: txn through its HTTP/JSON gateway)");
        text.Append(ReportTables.Writes(report).ToText());
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Watch fan-out (one write every {report.Options.FanOutInterval.TotalMilliseconds:0} ms after the previous response; latency from the write's response to each watcher's receipt)");
        text.Append(ReportTables.FanOut(report).ToText());
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Memory ({ReportTables.Count(report.Memory.Objects)} small ConfigMaps of {report.Memory.ObjectJsonBytes} B written straight into IApiStore, {ReportTables.Count(report.Memory.ObjectsPerSecond)} objects/s)");
        text.Append(ReportTables.Memory(report).ToText());
        if (report.EtcdMissing is not null)
        {
            text.AppendLine();
            text.AppendLine("etcd not measured: " + report.EtcdMissing);
        }

        return text.ToString();
    }
}
