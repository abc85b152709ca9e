using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Controllers;
using Tdcc.Mesh.Kube.Runtime.Queues;

namespace Tdcc.Mesh.Kube.Runtime.Hosting;

/// <summary>One controller as registered: its reconciler, options and the event sources that feed its queue.</summary>
internal sealed class ControllerRegistration(string name, Type reconcilerType)
{
    public string Name { get; } = name;

    public Type ReconcilerType { get; } = reconcilerType;

    public ControllerOptions Options { get; } = new() { Name = name };

    /// <summary>The primary kind (from <c>Reconciles</c>), whose key the reconciler receives.</summary>
    public ResourceType? Primary { get; set; }

    /// <summary>The keys of every cached primary object; a new leadership term enqueues them all, since keys of the last term may have been dropped mid-reconcile.</summary>
    public Func<IServiceProvider, IEnumerable<ObjectKey>>? PrimaryKeys { get; set; }

    /// <summary>Each source subscribes a handler that feeds the queue; the subscription is disposed on stop.</summary>
    public List<Func<IServiceProvider, IWorkQueue<ObjectKey>, IDisposable>> Sources { get; } = [];
}
