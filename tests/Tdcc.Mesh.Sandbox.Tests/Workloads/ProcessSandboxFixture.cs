using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Workloads;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Workloads;

/// <summary>
/// A hub and one member (offset 130: 127.140/16) whose kubelet runs three images as processes: our own
/// (<c>ghcr.io/tdcc-mesh/tdcc</c>, the local tdcc), <c>test.local/sh</c> (<c>/bin/sh</c>) and
/// <c>test.local/python</c> (<c>python3</c>, for HTTP probes), at most <see cref="MaxProcesses"/> at once.
/// </summary>
public sealed class ProcessSandboxFixture : IAsyncLifetime
{
    public const int MaxProcesses = 6;
    public const string Shell = "test.local/sh";
    public const string Python = "test.local/python";

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("tdcc-procs-").FullName;

    public IClusterSet Set { get; private set; } = null!;

    public ISimulatedCluster Member => Set.Clusters[1];

    public KubectlSession Kubectl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var tdcc = ProcessImage.Tdcc();
        tdcc.Entrypoint[^1].Should().EndWith("tdcc.dll", "the tests reference the CLI, so tdcc.dll is built next to them");
        Set = await SandboxHost.StartAsync(new SandboxOptions
        {
            Directory = Directory,
            Members = 1,
            InMemory = true,
            Mesh = false,
            AddressOffset = 130,
            MaxProcesses = MaxProcesses,
            ProcessImages = [tdcc, new ProcessImage(Shell, ["/bin/sh"], "sh"), new ProcessImage(Python, ["python3"], "python3")],
        });
        Kubectl = await KubectlSession.StartAsync(Member.ApiServer, Member.ClientOptions.CertificateAuthorityPem, Member.ClientOptions.BearerToken);
    }

    public async Task DisposeAsync()
    {
        Kubectl?.Dispose();
        await Set.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ProcessSandboxGroup : ICollectionFixture<ProcessSandboxFixture>
{
    public const string Name = "process-sandbox";
}
