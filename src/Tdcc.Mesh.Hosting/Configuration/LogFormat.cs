namespace Tdcc.Mesh.Hosting.Configuration;

/// <summary>How a process writes its logs to standard output.</summary>
public enum LogFormat
{
    /// <summary>One readable line per entry.</summary>
    Text,

    /// <summary>One JSON object per line (timestamp, level, category, event id, message, structured fields).</summary>
    Json,
}
