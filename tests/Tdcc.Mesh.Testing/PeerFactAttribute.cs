using Xunit;

namespace Tdcc.Mesh.Testing;

/// <summary>
/// A fact that drives external peers. When a peer is missing the test is skipped with the reason,
/// except under <c>CI=true</c>, where it runs and fails, so CI never hides a missing peer.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PeerFactAttribute : FactAttribute
{
    public PeerFactAttribute(params string[] peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        Peers = peers;
        Skip = PeerTools.SkipReason(peers);
    }

    /// <summary>The peers the test drives.</summary>
    public IReadOnlyList<string> Peers { get; }
}

/// <summary>Asserts, at the start of a peer test, that its peers are present: in CI a missing peer fails here with a clear message.</summary>
public static class RequirePeer
{
    public static void Present(params string[] peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        var missing = peers.Select(PeerTools.Missing).Where(reason => reason is not null).ToList();
        Assert.True(missing.Count == 0, "required peer missing: " + string.Join("; ", missing));
    }
}
