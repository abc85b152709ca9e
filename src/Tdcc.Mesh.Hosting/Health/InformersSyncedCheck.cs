using Tdcc.Mesh.Kube.Runtime.Informers;

namespace Tdcc.Mesh.Hosting.Health;

/// <summary>Ready once every informer of the process's manager has listed its kind.</summary>
internal sealed class InformersSyncedCheck(IEnumerable<IInformer> informers) : IReadinessCheck
{
    private readonly IInformer[] _informers = [.. informers];

    public string Name => "informers-synced";

    public bool IsReady => _informers.All(i => i.HasSynced);
}
