namespace Tdcc.Mesh.Kube.Runtime.Reconcile;

/// <summary>The outcome of a successful reconcile: done, or look again after a delay.</summary>
public readonly record struct ReconcileResult(TimeSpan? RequeueAfter = null)
{
    /// <summary>Nothing more to do until the object or its dependents change.</summary>
    public static ReconcileResult Done => default;

    /// <summary>Reconcile again after <paramref name="delay"/> (polling something the informers don't watch).</summary>
    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
