namespace Tdcc.Mesh.Sandbox.Networking;

/// <summary>The sandbox's networks could not be made (no privileges, iproute2 missing, a name in use) or changed.</summary>
public sealed class NetworkSetupException : Exception
{
    public NetworkSetupException()
    {
    }

    public NetworkSetupException(string message)
        : base(message)
    {
    }

    public NetworkSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
