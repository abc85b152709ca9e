using System.Text.Json;
using System.Text.Json.Serialization;
using Tdcc.Mesh.Xds.Status;

namespace Tdcc.Mesh.Cli.Xds;

/// <summary>Source-generated JSON for reading the status view into the server's public status records (same options as the server's context).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(XdsStatusReport))]
internal sealed partial class XdsStatusClientJsonContext : JsonSerializerContext;
