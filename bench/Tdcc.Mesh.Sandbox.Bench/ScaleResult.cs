using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Sandbox.Bench;

/// <summary>One measured start of a sandbox, as a child process reports it on its last line of output.</summary>
internal sealed record ScaleResult(string Network, int Members, string Workload, int Pods, double ReadySeconds, double RssMiB, double PeakRssMiB, int Threads, double StopSeconds, string? Error);

[JsonSerializable(typeof(ScaleResult))]
internal sealed partial class ScaleJsonContext : JsonSerializerContext;
