namespace Tdcc.Mesh.Hosting.Health;

/// <summary>One condition <c>/readyz</c> waits for (caches synced, a server listening).</summary>
public interface IReadinessCheck
{
    /// <summary>The check's name in <c>/readyz?verbose</c>.</summary>
    string Name { get; }

    /// <summary>Whether the condition holds now.</summary>
    bool IsReady { get; }
}
