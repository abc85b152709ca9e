namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>Options of a create, update or patch.</summary>
internal sealed record WriteOptions(bool DryRun = false, string? FieldManager = null, bool Force = false, string? FieldValidation = null, bool IsApply = false)
{
    /// <summary>The authenticated requester, when the server authenticates (CertificateSigningRequests record it in their spec).</summary>
    public Auth.UserInfo? User { get; init; }

    public static readonly WriteOptions Default = new();
}
