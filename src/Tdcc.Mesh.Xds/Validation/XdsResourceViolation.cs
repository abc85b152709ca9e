using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>A constraint violation of one resource of a snapshot.</summary>
/// <param name="TypeUrl">The resource's xDS type URL.</param>
/// <param name="ResourceName">The resource's name.</param>
/// <param name="Violation">What is wrong, with the path inside the resource.</param>
public sealed record XdsResourceViolation(string TypeUrl, string ResourceName, ProtoConstraintViolation Violation)
{
    /// <inheritdoc />
    public override string ToString() => $"{TypeUrls.ShortName(TypeUrl)} '{ResourceName}': {Violation}";
}
