using System.Text.Json.Serialization;
using Tdcc.Mesh.Xds.Bench.Cells;
using Tdcc.Mesh.Xds.Bench.Clients;

namespace Tdcc.Mesh.Xds.Bench;

/// <summary>The JSON lines the bench's processes hand each other.</summary>
[JsonSerializable(typeof(CellResult))]
[JsonSerializable(typeof(ClientSummary))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
