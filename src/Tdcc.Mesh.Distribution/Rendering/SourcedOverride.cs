using Tdcc.Mesh.Distribution.Api;

namespace Tdcc.Mesh.Distribution.Rendering;

/// <summary>An override with where it comes from (<c>Globalization/name</c> or <c>Localization/namespace/name</c>), for error messages.</summary>
public sealed record SourcedOverride(string Source, OverrideRule Rule);
