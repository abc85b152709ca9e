namespace Tdcc.Mesh.ApiMachinery.Serialization;

/// <summary>
/// A YAML document could not be converted to JSON. <see cref="Kind"/> says why; <see cref="Line"/> and
/// <see cref="Column"/> (1-based, 0 when unknown) say where. The message reads like kube's (<c>yaml: line 3, column 5: ...</c>).
/// </summary>
public sealed class YamlToJsonException : FormatException
{
    /// <summary>Creates an exception of kind <see cref="YamlToJsonErrorKind.Syntax"/>.</summary>
    public YamlToJsonException()
    {
    }

    /// <summary>Creates an exception of kind <see cref="YamlToJsonErrorKind.Syntax"/> with a message.</summary>
    public YamlToJsonException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception of kind <see cref="YamlToJsonErrorKind.Syntax"/> with a message and cause.</summary>
    public YamlToJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception of the given kind at a position; the message is prefixed with the position.</summary>
    public YamlToJsonException(YamlToJsonErrorKind kind, long line, long column, string reason, Exception? innerException = null)
        : base(Describe(line, column, reason), innerException)
    {
        Kind = kind;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The kind of failure.</summary>
    public YamlToJsonErrorKind Kind { get; }

    /// <summary>The 1-based line of the offending node, 0 when unknown.</summary>
    public long Line { get; }

    /// <summary>The 1-based column of the offending node, 0 when unknown.</summary>
    public long Column { get; }

    /// <summary>The message without the position.</summary>
    public string Reason { get; } = string.Empty;

    private static string Describe(long line, long column, string reason) =>
        line > 0 ? $"yaml: line {line}, column {column}: {reason}" : $"yaml: {reason}";
}
