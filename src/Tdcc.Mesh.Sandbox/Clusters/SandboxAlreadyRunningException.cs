namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>Another live process runs a sandbox in the same directory (its endpoints.json names it).</summary>
public sealed class SandboxAlreadyRunningException : Exception
{
    public SandboxAlreadyRunningException()
    {
    }

    public SandboxAlreadyRunningException(string message)
        : base(message)
    {
    }

    public SandboxAlreadyRunningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SandboxAlreadyRunningException(string directory, int pid)
        : base($"a sandbox is already running in {directory} (process {pid}); stop it first")
    {
        Pid = pid;
    }

    /// <summary>The process that runs it.</summary>
    public int Pid { get; }
}
