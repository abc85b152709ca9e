using System.Globalization;
using System.Text;

namespace Tdcc.Mesh.Bench.Reporting;

/// <summary>The opening of a docs/benchmarks.md section: its heading, when and with which command it was measured, and on what machine.</summary>
public static class SectionPreamble
{
    /// <summary>
    /// Appends the heading, "Measured ... with" and the command (<c>dotnet run -c Release --project {project} -- {arguments}</c>),
    /// then the machine line with the 1-minute load at the start (and at the end when <paramref name="loadAtEnd"/> is given).
    /// </summary>
    public static StringBuilder AppendPreamble(this StringBuilder text, string heading, DateTimeOffset started, string project, string arguments, MachineInfo machine, double? loadAtEnd = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(machine);
        var load = loadAtEnd is { } end
            ? F($"1-minute load {machine.LoadAverage:0.0} at the start and {end:0.0} at the end")
            : F($"1-minute load {machine.LoadAverage:0.0} at the start");
        text.AppendLine(heading).AppendLine();
        text.AppendLine(F($"Measured {started:yyyy-MM-dd HH:mm} UTC with"));
        text.AppendLine().AppendLine("```").AppendLine(F($"dotnet run -c Release --project {project} -- {arguments}").TrimEnd()).AppendLine("```").AppendLine();
        text.AppendLine(F($"Machine: {machine.Cores} cores shared with other work ({load}{(machine.Busy ? ", busy" : string.Empty)}), {machine.MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB, {machine.Cpu}, {machine.Os}, {machine.Runtime}."));
        return text;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
