using Microsoft.Extensions.Hosting;

namespace Tdcc.Mesh.Hosting.Processes;

/// <summary>
/// The lifetime of our hosts: unlike the default console lifetime it hooks no process signals, so SIGTERM and Ctrl-C stay
/// with the process's owner (the <c>tdcc</c> command, or the sandbox that embeds several hosts), which stops the host.
/// </summary>
public sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
