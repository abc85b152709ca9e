using System.Text.Json.Serialization;

namespace Tdcc.Mesh.ApiServer;

/// <summary>Source-generated serialization for the few plain types the server writes.</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
internal sealed partial class JsonContext : JsonSerializerContext;
