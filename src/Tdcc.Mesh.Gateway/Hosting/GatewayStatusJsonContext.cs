using System.Text.Json;
using System.Text.Json.Serialization;
using Tdcc.Mesh.Gateway.Status;

namespace Tdcc.Mesh.Gateway.Hosting;

/// <summary>The status document's JSON (camelCase, enums as strings), shared by the process and <c>tdcc gateway status</c>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(GatewayStatus))]
public sealed partial class GatewayStatusJsonContext : JsonSerializerContext;
