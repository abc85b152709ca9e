using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Xds.Status;

/// <summary>Source-generated JSON for the status endpoint.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(XdsStatusReport))]
internal sealed partial class XdsStatusJsonContext : JsonSerializerContext;
