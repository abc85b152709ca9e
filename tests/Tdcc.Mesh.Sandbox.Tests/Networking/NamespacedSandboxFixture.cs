using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Mesh;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

/// <summary>
/// A sandbox with a network namespace per member (hub + east, west by default, with the demo: echo exported by east), with short
/// heartbeats so a cut member goes Offline and is withdrawn within seconds. Started lazily by the first test that asks,
/// so a machine without namespaces skips those tests instead of failing the whole class.
/// </summary>
public abstract class NamespacedSandboxFixture(NetworkMode mode, int addressOffset, int members = 2, IReadOnlyList<string>? behindNat = null) : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IClusterSet? _set;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("tdcc-netns-").FullName;

    public static MeshTimings Timings { get; } = new()
    {
        HeartbeatInterval = TimeSpan.FromMilliseconds(500),
        HeartbeatTimeout = TimeSpan.FromSeconds(3),
        WithdrawGracePeriod = TimeSpan.FromSeconds(2),
    };

    public async Task<IClusterSet> StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _set ??= await SandboxHost.StartAsync(new SandboxOptions
            {
                Directory = Directory,
                Members = members,
                InMemory = true,
                Demo = true,
                AddressOffset = addressOffset,
                Network = mode,
                MeshTimings = Timings,
                BehindNat = behindNat ?? [],
            });
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_set is not null)
        {
            await _set.DisposeAsync();
        }

        _gate.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>Routed namespaces in slot 12 (offset 200).</summary>
public sealed class RoutedSandboxFixture() : NamespacedSandboxFixture(NetworkMode.Routed, 200);

/// <summary>Isolated namespaces in slot 14 (offset 224).</summary>
public sealed class IsolatedSandboxFixture() : NamespacedSandboxFixture(NetworkMode.Isolated, 224);

/// <summary>Isolated namespaces in slot 11 (offset 176) with three members (east, west, edge): the gateway failover tests.</summary>
public sealed class FailoverSandboxFixture() : NamespacedSandboxFixture(NetworkMode.Isolated, 176, members: 3);

/// <summary>Isolated namespaces in slot 10 (offset 160): the gateway security tests (one of its members leaves).</summary>
public sealed class GatewaySecuritySandboxFixture() : NamespacedSandboxFixture(NetworkMode.Isolated, 160);

/// <summary>Isolated namespaces in slot 13 (offset 208), east behind NAT: the reverse tunnel tests.</summary>
public sealed class NatSandboxFixture() : NamespacedSandboxFixture(NetworkMode.Isolated, 208, behindNat: ["east"]);
