using System.Globalization;
using Tdcc.Mesh.ApiMachinery.Scheduling;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>
/// How an echo container ends, from its command and args: <c>--run-for=&lt;duration&gt;</c> (a Go duration such as
/// <c>500ms</c>, <c>2s</c>, <c>1m</c>; 0 when absent) and <c>--exit-code=&lt;0-255&gt;</c> (0 when absent). An echo
/// container with neither runs until its pod is deleted, as before. The flags may also be written as two words
/// (<c>--exit-code 3</c>); other words are ignored.
/// </summary>
internal sealed record EchoExitPlan(TimeSpan RunFor, int ExitCode)
{
    public const string RunForFlag = "--run-for";
    public const string ExitCodeFlag = "--exit-code";

    /// <summary>The plan of a container of <paramref name="image"/>, or null when it is not the echo image or runs forever.</summary>
    public static EchoExitPlan? Of(string? image, IEnumerable<string>? command, IEnumerable<string>? args)
    {
        if (!string.Equals(ProcessRuntime.Repository(image), EchoImage.Name, StringComparison.Ordinal))
        {
            return null;
        }

        var words = (command ?? []).Concat(args ?? []).ToList();
        TimeSpan? runFor = null;
        int? exitCode = null;
        for (var i = 0; i < words.Count; i++)
        {
            var (flag, value) = Split(words, ref i);
            switch (flag)
            {
                case RunForFlag when GoDuration.TryParse(value, out var duration) && duration >= TimeSpan.Zero:
                    runFor = duration;
                    break;
                case ExitCodeFlag when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code):
                    exitCode = code & 0xFF;
                    break;
                default:
                    break;
            }
        }

        return runFor is null && exitCode is null ? null : new EchoExitPlan(runFor ?? TimeSpan.Zero, exitCode ?? 0);
    }

    private static (string Flag, string? Value) Split(List<string> words, ref int i)
    {
        var word = words[i];
        var equals = word.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0)
        {
            return (word[..equals], word[(equals + 1)..]);
        }

        if (word is RunForFlag or ExitCodeFlag && i + 1 < words.Count)
        {
            i++;
            return (word, words[i]);
        }

        return (word, null);
    }
}
