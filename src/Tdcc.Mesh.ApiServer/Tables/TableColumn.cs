using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tables;

/// <summary>One Table column and how to compute its cell from an object (and the current time).</summary>
internal sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority, Func<JsonObject, DateTimeOffset, JsonNode?> Cell);
