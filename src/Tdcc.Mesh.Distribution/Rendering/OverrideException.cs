namespace Tdcc.Mesh.Distribution.Rendering;

/// <summary>An override could not be applied to a feed (the message names the override and why).</summary>
public sealed class OverrideException : Exception
{
    public OverrideException()
    {
    }

    public OverrideException(string message)
        : base(message)
    {
    }

    public OverrideException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
