using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>Source-generated JSON for the sandbox's files.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SandboxEndpoints))]
[JsonSerializable(typeof(SandboxPorts))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;
