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
        if (!PeerTools.IsCi)
        {
            var missing = peers.Select(PeerTools.Missing).Where(reason => reason is not null).ToList();
            if (missing.Count > 0)
            {
                Skip = "peer missing outside CI: " + string.Join("; ", missing)
                    + ". Runs once the peer is installed ('make deps', which 'make test' runs first); under CI=true it always runs and a missing peer fails it.";
            }
        }
    }

    /// <summary>The peers the test drives.</summary>
    public IReadOnlyList<string> Peers { get; }
}
