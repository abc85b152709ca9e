using Tdcc.Mesh.Kube.Runtime.Events;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// The budgets of the simulated controllers' event recorders (one per component, and one per node for the kubelet):
/// client-go's spam filter (25 events per object at once, then one per 5 minutes), a queue of 1000 events and 1024
/// remembered events for aggregation per recorder, so a cluster of hundreds of pods writes a bounded number of Events.
/// </summary>
internal static class SandboxEventBudget
{
    public const int QueueCapacity = 1000;
    public const int CacheSize = 1024;
    public const int SpamBurst = 25;

    public static void Configure(EventRecorderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.QueueCapacity = QueueCapacity;
        options.CacheSize = CacheSize;
        options.SpamBurst = SpamBurst;
        options.SpamRefill = TimeSpan.FromMinutes(5);
        options.ShutdownTimeout = TimeSpan.FromSeconds(2);
    }
}
