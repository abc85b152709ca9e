namespace Tdcc.Mesh.Xds.Bootstrap;

/// <summary>The node's <c>locality</c>; null parts are left out (<c>{}</c> is valid).</summary>
public sealed record XdsBootstrapLocality(string? Region, string? Zone);
