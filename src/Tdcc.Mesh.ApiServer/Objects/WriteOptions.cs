namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>Options of a create, update or patch.</summary>
internal sealed record WriteOptions(bool DryRun = false, string? FieldManager = null, bool Force = false, string? FieldValidation = null, bool IsApply = false)
{
    public static readonly WriteOptions Default = new();
}
