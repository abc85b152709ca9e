namespace Tdcc.Mesh.Operator.Bench.Measurement;

/// <summary>
/// The figures of one size: members × services. When member 0 did not import every service within the import timeout,
/// <see cref="Converged"/> is false, <see cref="Imported"/> says how many it had, the usage was sampled while importing
/// (not at rest) and the restart was not measured (null).
/// </summary>
internal sealed record SizeResult(
    int Members,
    int Services,
    TimeSpan Join,
    TimeSpan Import,
    int Imported,
    bool Converged,
    RestUsage Hub,
    RestUsage Agent,
    TimeSpan? HubReady,
    TimeSpan? NewExportImported,
    TimeSpan Total);
