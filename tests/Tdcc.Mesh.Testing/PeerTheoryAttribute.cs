using Xunit;

namespace Tdcc.Mesh.Testing;

/// <summary>
/// A theory that drives external peers: skipped with the reason when a peer is missing, except under <c>CI=true</c>,
/// where it runs and fails (as <see cref="PeerFactAttribute"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PeerTheoryAttribute : TheoryAttribute
{
    public PeerTheoryAttribute(params string[] peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        Peers = peers;
        Skip = PeerTools.SkipReason(peers);
    }

    /// <summary>The peers the test drives.</summary>
    public IReadOnlyList<string> Peers { get; }
}
