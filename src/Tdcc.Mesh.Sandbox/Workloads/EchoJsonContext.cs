using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>Source-generated JSON for the echo image's HTTP replies.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false)]
[JsonSerializable(typeof(EchoHttpReply))]
internal sealed partial class EchoJsonContext : JsonSerializerContext;
