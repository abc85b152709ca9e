using Microsoft.Extensions.Hosting;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// The lifetime of a host embedded in a larger process (the xDS server): unlike the default console lifetime it hooks
/// no process signals, so Ctrl-C and SIGTERM stay with the process's owner (the <c>tdcc</c> command), which stops the
/// embedded host itself.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
