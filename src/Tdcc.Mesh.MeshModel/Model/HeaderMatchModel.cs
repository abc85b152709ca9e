namespace Tdcc.Mesh.MeshModel;

/// <summary>A condition on one request header (gRPC metadata); names are compared case-insensitively.</summary>
public sealed record HeaderMatchModel(string Name, string Value, HeaderMatchKind Kind = HeaderMatchKind.Exact);

/// <summary>How <see cref="HeaderMatchModel.Value"/> is compared with the header's value.</summary>
public enum HeaderMatchKind
{
    /// <summary>The value equals the header's value.</summary>
    Exact,

    /// <summary>The header's whole value matches the value, an RE2 regular expression.</summary>
    RegularExpression,
}
