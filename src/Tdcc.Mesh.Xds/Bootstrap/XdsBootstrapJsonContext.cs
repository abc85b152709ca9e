using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Xds.Bootstrap;

/// <summary>Source-generated JSON for <see cref="XdsBootstrap"/>: gRFC A27's snake_case names, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(XdsBootstrap))]
internal sealed partial class XdsBootstrapJsonContext : JsonSerializerContext;
