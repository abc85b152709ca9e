namespace Tdcc.Mesh.Clusters.Agent;

/// <summary>The hub refused to let the cluster join; switch on <see cref="Failure"/>.</summary>
public sealed class ClusterJoinException : Exception
{
    public ClusterJoinException(JoinFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public ClusterJoinException()
        : this(JoinFailure.NoCredentials, "the cluster could not join")
    {
    }

    public ClusterJoinException(string message)
        : this(JoinFailure.NoCredentials, message)
    {
    }

    public ClusterJoinException(string message, Exception innerException)
        : this(JoinFailure.NoCredentials, message, innerException)
    {
    }

    public JoinFailure Failure { get; }
}
