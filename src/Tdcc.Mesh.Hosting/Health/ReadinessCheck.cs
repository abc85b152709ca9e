namespace Tdcc.Mesh.Hosting.Health;

/// <summary>A readiness check that holds once <see cref="MarkReady"/> was called (a server bound, a join completed).</summary>
public sealed class ReadinessCheck(string name) : IReadinessCheck
{
    private volatile bool _ready;

    public string Name { get; } = name;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;

    public void MarkNotReady() => _ready = false;
}
