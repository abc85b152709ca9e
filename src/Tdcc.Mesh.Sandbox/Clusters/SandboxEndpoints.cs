using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>
/// <c>&lt;dir&gt;/endpoints.json</c>: written once every component of a running sandbox is ready, removed on a clean
/// stop. Tools (<c>tdcc sandbox status</c>, tests, scripts) read it to find the clusters.
/// </summary>
public sealed record SandboxEndpoints
{
    public const string FileName = "endpoints.json";

    public int Version { get; init; } = 1;

    /// <summary>The process running the sandbox.</summary>
    public int Pid { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The kubeconfig's full path.</summary>
    public required string Kubeconfig { get; init; }

    /// <summary>The network layout: <c>loopback</c>, <c>routed</c> or <c>isolated</c>.</summary>
    public string Network { get; init; } = "loopback";

    /// <summary>The slot of the sandbox's networks (names and underlay, see <c>NetworkNames</c>); null in the loopback layout.</summary>
    public int? NetworkSlot { get; init; }

    /// <summary>Where <c>tdcc sandbox stop|start</c> reach the sandbox process (http://127.0.0.1:port), and the bearer token it wants.</summary>
    public string? Control { get; init; }

    public string? ControlToken { get; init; }

    public IReadOnlyList<ClusterEndpoints> Clusters { get; init; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>Reads <paramref name="path"/>; null when it does not exist.</summary>
    public static async Task<SandboxEndpoints?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, SandboxJsonContext.Default.SandboxEndpoints, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the file atomically (temporary file, then rename).</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken = default)
    {
        var temporary = path + ".tmp";

        // It carries the control token: readable by its owner only.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(temporary, options);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, this, SandboxJsonContext.Default.SandboxEndpoints, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
