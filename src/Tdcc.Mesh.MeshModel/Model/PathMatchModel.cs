namespace Tdcc.Mesh.MeshModel;

/// <summary>A condition on the request path.</summary>
public sealed record PathMatchModel(PathMatchKind Kind, string Value);

/// <summary>How <see cref="PathMatchModel.Value"/> is compared with the path.</summary>
public enum PathMatchKind
{
    /// <summary>The whole path equals the value.</summary>
    Exact,

    /// <summary>The path starts with the value.</summary>
    Prefix,

    /// <summary>The whole path matches the value, an RE2 regular expression.</summary>
    RegularExpression,
}
