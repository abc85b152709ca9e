using System.Text;

namespace Tdcc.Mesh.Bench.Reporting;

/// <summary>
/// Rewrites one <c>## </c> section of docs/benchmarks.md and leaves every other section as it is (other benchmarks
/// own them). Creates the file with a title and an introduction when it does not exist.
/// </summary>
public static class BenchmarksDoc
{
    public const string NewFile =
        """
        # Benchmarks

        Figures measured by `make bench` (`scripts/bench.sh` runs every `bench/*/*.csproj`). Each section is written
        by its benchmark with `--write-doc` and records the machine, the date and the exact command.

        """;

    /// <summary>docs/benchmarks.md of the repository that holds <paramref name="startDirectory"/>.</summary>
    public static string Find(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tdcc.Mesh.sln")))
            {
                return Path.Combine(dir.FullName, "docs", "benchmarks.md");
            }
        }

        throw new InvalidOperationException($"no Tdcc.Mesh.sln above {startDirectory}: pass --doc <path>");
    }

    /// <summary>Replaces the section starting with <paramref name="heading"/> in the file (read right before writing).</summary>
    public static void RewriteSection(string path, string heading, string section)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : NewFile;
        File.WriteAllText(path, Replace(existing, heading, section));
    }

    /// <summary>
    /// The document with the section under <paramref name="heading"/> (up to the next <c>## </c> heading) replaced by
    /// <paramref name="section"/>, or with the section appended when it is not there yet.
    /// </summary>
    public static string Replace(string document, string heading, string section)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(section);
        var lines = document.ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, line => line.TrimEnd() == heading);
        var body = section.ReplaceLineEndings("\n").TrimEnd('\n');
        if (start < 0)
        {
            return document.TrimEnd('\n') + "\n\n" + body + "\n";
        }

        var end = start + 1;
        var inFence = false;
        while (end < lines.Length)
        {
            if (lines[end].StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence && lines[end].StartsWith("## ", StringComparison.Ordinal))
            {
                break;
            }

            end++;
        }

        var result = new StringBuilder();
        result.AppendJoin('\n', lines[..start]);
        if (start > 0)
        {
            result.Append('\n');
        }

        result.Append(body).Append('\n');
        if (end < lines.Length)
        {
            result.Append('\n').AppendJoin('\n', lines[end..]);
        }

        return result.ToString().TrimEnd('\n') + "\n";
    }
}
