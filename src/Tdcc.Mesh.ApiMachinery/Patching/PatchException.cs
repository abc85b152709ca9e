namespace Tdcc.Mesh.ApiMachinery.Patching;

/// <summary>A patch could not be applied; <see cref="Kind"/> says why, the message reads like kube's.</summary>
public sealed class PatchException : Exception
{
    /// <summary>Creates an exception of kind <see cref="PatchErrorKind.BadRequest"/>.</summary>
    public PatchException()
    {
    }

    /// <summary>Creates an exception of kind <see cref="PatchErrorKind.BadRequest"/> with a message.</summary>
    public PatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception of kind <see cref="PatchErrorKind.BadRequest"/> with a message and cause.</summary>
    public PatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception of the given kind.</summary>
    public PatchException(PatchErrorKind kind, string message)
        : base(message) => Kind = kind;

    /// <summary>The kind of failure, to map onto a status code.</summary>
    public PatchErrorKind Kind { get; }
}
