namespace Tdcc.Mesh.Kube.Runtime.Reconcile;

/// <summary>A reconcile failure that retrying cannot fix (invalid spec): logged and counted, never retried.</summary>
public sealed class TerminalReconcileException : Exception
{
    public TerminalReconcileException()
        : base("terminal reconcile error")
    {
    }

    public TerminalReconcileException(string message)
        : base(message)
    {
    }

    public TerminalReconcileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
