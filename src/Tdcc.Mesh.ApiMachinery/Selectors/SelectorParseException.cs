namespace Tdcc.Mesh.ApiMachinery.Selectors;

/// <summary>A label or field selector could not be parsed; the message reads like kube's.</summary>
public sealed class SelectorParseException : FormatException
{
    /// <summary>Creates the exception with a default message.</summary>
    public SelectorParseException()
    {
    }

    /// <summary>Creates the exception with kube's wording of the problem.</summary>
    public SelectorParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public SelectorParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
