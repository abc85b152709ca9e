using System.Globalization;
using System.Text;

namespace Tdcc.Mesh.Dns.Bench;

/// <summary>One server at one zone size: dnsperf's figures for every round.</summary>
internal sealed record BenchmarkRow(string Server, int Services, int Names, IReadOnlyList<DnsPerfResult> Rounds)
{
    /// <summary>The round with the median queries/s.</summary>
    public DnsPerfResult Median => Rounds.OrderBy(round => round.QueriesPerSecond).ElementAt(Rounds.Count / 2);
}

/// <summary>Prints the table and writes it as the <c>## DNS</c> section of docs/benchmarks.md, leaving other sections alone.</summary>
internal static class BenchmarkReport
{
    public static string Table(IReadOnlyList<BenchmarkRow> rows)
    {
        var builder = new StringBuilder();
        builder.AppendLine("| server | services | names in zone | queries/s (median) | queries/s (min–max) | avg latency ms (median round) | max latency ms (median round) | lost (all rounds) | response codes (median round) |");
        builder.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var row in rows)
        {
            var r = row.Median;
            var min = row.Rounds.Min(round => round.QueriesPerSecond);
            var max = row.Rounds.Max(round => round.QueriesPerSecond);
            builder.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Server} | {row.Services} | {row.Names} | {r.QueriesPerSecond:F0} | {min:F0}–{max:F0} | {r.AverageLatencyMs:F3} | {r.MaxLatencyMs:F3} | {row.Rounds.Sum(round => round.Lost)} | {r.ResponseCodes} |"));
        }

        return builder.ToString();
    }

    public static void WriteSection(string path, string section)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var lines = existing.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var start = lines.FindIndex(line => line.Trim() == "## DNS");
        if (start >= 0)
        {
            var end = lines.FindIndex(start + 1, line => line.StartsWith("## ", StringComparison.Ordinal));
            lines.RemoveRange(start, (end < 0 ? lines.Count : end) - start);
            lines.InsertRange(start, section.TrimEnd('\n').Split('\n').Append(string.Empty));
        }
        else
        {
            while (lines.Count > 0 && lines[^1].Length == 0)
            {
                lines.RemoveAt(lines.Count - 1);
            }

            lines.Add(string.Empty);
            lines.AddRange(section.TrimEnd('\n').Split('\n'));
        }

        File.WriteAllText(path, string.Join('\n', lines).TrimEnd('\n') + "\n");
    }
}
