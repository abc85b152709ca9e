namespace Tdcc.Mesh.Xds.Client;

/// <summary>The consumer of an <see cref="XdsClient"/>: applies each consistent view, or rejects it.</summary>
public interface IXdsViewHandler
{
    /// <summary>
    /// Applies <paramref name="view"/>; returns null when applied, or why it was rejected (the response that led to it
    /// is then NACKed with that reason and the client keeps what it held before it).
    /// </summary>
    ValueTask<string?> ApplyAsync(XdsView view, CancellationToken cancellationToken);
}
