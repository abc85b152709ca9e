namespace Tdcc.Mesh.Distribution.Helm;

/// <summary>How a helm run ended: its exit code, standard output and standard error.</summary>
public sealed record HelmResult(int ExitCode, string Output, string Error)
{
    /// <summary>helm's error output as one readable sentence: the <c>Error: </c> prefix and blank lines removed.</summary>
    public string Message
    {
        get
        {
            var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => l.StartsWith("Error: ", StringComparison.Ordinal) ? l["Error: ".Length..] : l)
                .Where(l => l.Length > 0)
                .ToList();
            return lines.Count == 0 ? $"helm exited with code {ExitCode}" : string.Join("; ", lines);
        }
    }
}
