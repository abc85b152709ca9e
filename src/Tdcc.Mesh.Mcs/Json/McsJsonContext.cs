using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Tdcc.Mesh.Kube.Json;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Mcs.Json;

/// <summary>Source-generated serialization of the MCS kinds: camelCase, null fields omitted, RFC 3339 timestamps.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Rfc3339DateTimeOffsetConverter), typeof(ImmutableArrayConverterFactory)])]
[JsonSerializable(typeof(ServiceExport))]
[JsonSerializable(typeof(KubeList<ServiceExport>))]
[JsonSerializable(typeof(ServiceImport))]
[JsonSerializable(typeof(KubeList<ServiceImport>))]
[JsonSerializable(typeof(ExportedService))]
[JsonSerializable(typeof(KubeList<ExportedService>))]
[JsonSerializable(typeof(SessionAffinityConfig))]
[JsonSerializable(typeof(ImmutableDictionary<string, string>))]
public sealed partial class McsJsonContext : JsonSerializerContext;
