namespace Tdcc.Mesh.Distribution.Rendering;

/// <summary>
/// A container image reference split as the Image override replaces it: <c>[registry/]repository[:tag][@digest]</c>.
/// The first path component is a registry when it has a dot or a port, or is <c>localhost</c> (the rule docker uses).
/// </summary>
public sealed record ImageReference(string? Registry, string Repository, string? Tag, string? Digest)
{
    public static ImageReference Parse(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        string? digest = null;
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            image = image[..at];
        }

        string? registry = null;
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var first = image[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                registry = first;
                image = image[(slash + 1)..];
            }
        }

        string? tag = null;
        var colon = image.LastIndexOf(':');
        if (colon > image.LastIndexOf('/'))
        {
            tag = image[(colon + 1)..];
            image = image[..colon];
        }

        return new ImageReference(registry, image, tag, digest);
    }

    /// <summary>This reference with the given parts replaced (a new tag drops the digest, which would pin the old image).</summary>
    public ImageReference With(string? registry, string? repository, string? tag) => new(
        string.IsNullOrEmpty(registry) ? Registry : registry,
        string.IsNullOrEmpty(repository) ? Repository : repository,
        string.IsNullOrEmpty(tag) ? Tag : tag,
        string.IsNullOrEmpty(tag) ? Digest : null);

    public override string ToString() =>
        (Registry is null ? string.Empty : Registry + "/") + Repository + (Tag is null ? string.Empty : ":" + Tag) + (Digest is null ? string.Empty : "@" + Digest);
}
