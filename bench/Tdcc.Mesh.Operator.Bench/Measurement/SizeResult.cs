namespace Tdcc.Mesh.Operator.Bench.Measurement;

/// <summary>The figures of one size: members × services.</summary>
internal sealed record SizeResult(
    int Members,
    int Services,
    TimeSpan Join,
    TimeSpan Import,
    RestUsage Hub,
    RestUsage Agent,
    TimeSpan HubReady,
    TimeSpan NewExportImported,
    TimeSpan Total);
