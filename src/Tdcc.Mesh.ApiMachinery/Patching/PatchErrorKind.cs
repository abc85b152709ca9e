namespace Tdcc.Mesh.ApiMachinery.Patching;

/// <summary>What kind of failure a <see cref="PatchException"/> reports, to pick the HTTP status.</summary>
public enum PatchErrorKind
{
    /// <summary>The patch document itself is malformed (400 BadRequest).</summary>
    BadRequest,

    /// <summary>The patch is well formed but cannot be applied to this object (422 Invalid).</summary>
    Invalid,

    /// <summary>A JSON patch <c>test</c> operation failed (the server may answer 409 Conflict or 422).</summary>
    Conflict,

    /// <summary>The patch is larger than the server accepts (413 RequestEntityTooLarge).</summary>
    TooLarge,
}
