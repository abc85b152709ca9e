using System.Diagnostics;
using System.Globalization;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

/// <summary>
/// The built <c>tdcc sandbox up</c> as a child process in a temporary state directory: started with the given flags,
/// ready once it wrote <c>endpoints.json</c>, stopped by SIGTERM (then killed after a minute) and its directory removed
/// when disposed. The tests that judge the CLI as a user runs it share it.
/// </summary>
internal sealed class SandboxUpProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SandboxUpProcess(string directory, Process process)
    {
        Directory = directory;
        _process = process;
        StandardOutput = process.StandardOutput.ReadToEndAsync();
        StandardError = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The state directory (<c>--dir</c>).</summary>
    public string Directory { get; }

    public SandboxEndpoints Endpoints { get; private set; } = null!;

    public Task<string> StandardOutput { get; }

    public Task<string> StandardError { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>tdcc sandbox up --dir &lt;temporary&gt; <paramref name="flags"/></c> and waits up to <paramref name="ready"/> for endpoints.json.</summary>
    public static async Task<SandboxUpProcess> StartAsync(string prefix, TimeSpan ready, params string[] flags)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory(prefix).FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { TdccCli.AssemblyPath(), "sandbox", "up", "--dir", directory }.Concat(flags))
        {
            start.ArgumentList.Add(argument);
        }

        var up = new SandboxUpProcess(directory, Process.Start(start)!);
        var endpointsPath = Path.Combine(directory, SandboxEndpoints.FileName);
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(File.Exists(endpointsPath) || up.HasExited), "the sandbox is ready (endpoints.json)", ready);
            if (up.HasExited)
            {
                Assert.Fail($"tdcc exited early with {up.ExitCode}: {await up.StandardOutput}\n{await up.StandardError}");
            }

            up.Endpoints = (await SandboxEndpoints.ReadAsync(endpointsPath))!;
            return up;
        }
        catch
        {
            await up.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends <paramref name="signal"/> (<c>INT</c>, <c>TERM</c>) and waits up to <paramref name="timeout"/> for the exit.</summary>
    public async Task StopAsync(string signal, TimeSpan timeout)
    {
        var sent = await PeerTools.RunAsync("kill", ["-" + signal, Id.ToString(CultureInfo.InvariantCulture)]);
        sent.ExitCode.Should().Be(0, sent.StandardError);
        using var exit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(exit.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the sandbox stops its pods and removes its namespaces and routes.
            await PeerTools.RunAsync("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
