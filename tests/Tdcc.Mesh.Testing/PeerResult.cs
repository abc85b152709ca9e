namespace Tdcc.Mesh.Testing;

/// <summary>What a peer run printed.</summary>
public sealed record PeerResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
