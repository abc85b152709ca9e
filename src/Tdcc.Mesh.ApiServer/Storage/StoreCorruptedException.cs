namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>
/// A store directory holds a record that fails its checksum (or cannot be read) before the end of its log, or an
/// unreadable snapshot: loading it would silently lose everything after that point, so the server refuses to start.
/// <see cref="Exception.Message"/> names the file, the line and byte offset, and the repair command.
/// </summary>
public sealed class StoreCorruptedException : IOException
{
    public StoreCorruptedException()
    {
    }

    public StoreCorruptedException(string message)
        : base(message)
    {
    }

    public StoreCorruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal StoreCorruptedException(string message, string path, long line, long offset)
        : base(message)
    {
        FilePath = path;
        Line = line;
        Offset = offset;
    }

    /// <summary>The damaged file.</summary>
    public string? FilePath { get; }

    /// <summary>The 1-based line of the first bad record (0 when the whole file is unreadable).</summary>
    public long Line { get; }

    /// <summary>The byte offset where the first bad record starts.</summary>
    public long Offset { get; }
}
