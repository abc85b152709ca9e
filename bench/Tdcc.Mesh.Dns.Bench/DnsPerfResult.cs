using System.Globalization;
using System.Text.RegularExpressions;

namespace Tdcc.Mesh.Dns.Bench;

/// <summary>The figures read from dnsperf's summary.</summary>
internal sealed partial record DnsPerfResult(double QueriesPerSecond, double AverageLatencyMs, double MaxLatencyMs, long Completed, long Lost, string ResponseCodes)
{
    public static DnsPerfResult Parse(string output)
    {
        double Number(Regex pattern) =>
            pattern.Match(output) is { Success: true } match ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;

        var codes = ResponseCodesPattern().Match(output);
        return new DnsPerfResult(
            Number(QpsPattern()),
            Number(AverageLatencyPattern()) * 1000,
            Number(MaxLatencyPattern()) * 1000,
            (long)Number(CompletedPattern()),
            (long)Number(LostPattern()),
            codes.Success ? codes.Groups[1].Value.Trim() : "?");
    }

    [GeneratedRegex(@"Queries per second:\s+([0-9.]+)")]
    private static partial Regex QpsPattern();

    [GeneratedRegex(@"Average Latency \(s\):\s+([0-9.]+)")]
    private static partial Regex AverageLatencyPattern();

    [GeneratedRegex(@"Average Latency \(s\):.*max ([0-9.]+)\)")]
    private static partial Regex MaxLatencyPattern();

    [GeneratedRegex(@"Queries completed:\s+([0-9]+)")]
    private static partial Regex CompletedPattern();

    [GeneratedRegex(@"Queries lost:\s+([0-9]+)")]
    private static partial Regex LostPattern();

    [GeneratedRegex(@"Response codes:\s+(.*)")]
    private static partial Regex ResponseCodesPattern();
}
