namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>
/// The result of reading <c>log.jsonl</c> front to back: the verified records, where the intact part ends, and either
/// the first bad record (a complete line that fails its checksum) or a torn tail (bytes after the last newline: an
/// append a crash cut short).
/// </summary>
internal sealed record LogScan(
    IReadOnlyList<ReadOnlyMemory<byte>> Records,
    long ValidLength,
    long TotalLength,
    long BadLine,
    string? Problem,
    int LinesFromBad)
{
    /// <summary>True when a complete record fails its check.</summary>
    public bool Corrupted => Problem is not null;

    /// <summary>Bytes after the last complete line when nothing is corrupted (an incomplete last append).</summary>
    public long TornBytes => Corrupted ? 0 : TotalLength - ValidLength;

    /// <summary>Reads <paramref name="log"/>; blank lines are skipped.</summary>
    public static LogScan Read(ReadOnlyMemory<byte> log)
    {
        var records = new List<ReadOnlyMemory<byte>>();
        var span = log.Span;
        var position = 0;
        long line = 0;
        while (position < span.Length)
        {
            line++;
            var newline = span[position..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            var content = log.Slice(position, newline);
            if (!content.Span.Trim(" \t\r"u8).IsEmpty)
            {
                if (LogRecord.Verify(content, out var problem) is not { } payload)
                {
                    return new LogScan(records, position, span.Length, line, problem, CountLines(span[position..]));
                }

                records.Add(payload);
            }

            position += newline + 1;
        }

        return new LogScan(records, position, span.Length, 0, null, 0);
    }

    private static int CountLines(ReadOnlySpan<byte> rest)
    {
        var count = rest.Count((byte)'\n');
        return rest.Length > 0 && rest[^1] != (byte)'\n' ? count + 1 : count;
    }
}
