using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// The mesh half of <c>--demo</c>: <c>ServiceExport demo/echo</c> in the first member only, so every other member
/// imports it; ready once every member has the ServiceImport with its clusterset IP.
/// </summary>
internal static class DemoExport
{
    public static async Task ExportAsync(IKubeClient exporter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        try
        {
            await exporter.Resource<ServiceExport>().CreateAsync(
                new ServiceExport { Metadata = new Kube.Model.ObjectMeta { Name = DemoWorkload.Name, Namespace = DemoWorkload.Namespace } },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
        {
            // Kept from an earlier run.
        }
    }

    /// <summary>Waits until <c>demo/echo</c> is imported with an IP in <paramref name="member"/>; <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task<ServiceImport> WaitImportedAsync(IKubeClient member, string cluster, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var import = await member.Resource<ServiceImport>().GetAsync(DemoWorkload.Namespace, DemoWorkload.Name, cancellationToken).ConfigureAwait(false);
            if (import?.Spec?.Ips is { Length: > 0 })
            {
                return import;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"{DemoWorkload.Namespace}/{DemoWorkload.Name} is not imported with an IP in cluster {cluster} after {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
