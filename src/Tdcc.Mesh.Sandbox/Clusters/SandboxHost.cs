using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Sandbox.Mesh;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>Starts a whole clusterset in this process: the hub and the members (<c>east</c>, <c>west</c>, <c>edge</c>, <c>member-4</c>, ...).</summary>
public static partial class SandboxHost
{
    /// <summary>
    /// Starts the hub and every member (a few at a time), writes <c>&lt;dir&gt;/kubeconfig</c>, deploys the demo when asked,
    /// and once everything is ready writes <c>&lt;dir&gt;/endpoints.json</c>. Cancelling stops what was started.
    /// </summary>
    /// <summary>Nodes the hub gets when the mesh is installed with helm (its two <c>tdcc hub</c> replicas run there).</summary>
    private const int HelmHubNodes = 2;

    public static async Task<IClusterSet> StartAsync(SandboxOptions options, IProgress<SandboxProgress>? progress = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Members);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Members + options.AddressOffset, AddressPlan.MaxMembers);
        loggerFactory ??= NullLoggerFactory.Instance;
        if (options.Mesh && options.MeshMode == MeshMode.Helm && options.HubNodes < HelmHubNodes)
        {
            // The chart's hub replicas need nodes of the hub to run on.
            options = options with { HubNodes = HelmHubNodes };
        }

        var logger = loggerFactory.CreateLogger(typeof(SandboxHost));
        var mode = ResolveMode(options.Network, options.Mesh, logger);
        var directory = Path.GetFullPath(options.Directory);
        var endpointsPath = Path.Combine(directory, SandboxEndpoints.FileName);
        await CheckNotRunningAsync(directory, endpointsPath, cancellationToken).ConfigureAwait(false);
        if (options.Fresh)
        {
            DeleteState(directory);
        }

        Directory.CreateDirectory(directory);

        // A state directory keeps the address plan its objects were made with.
        mode = StoredLayout.Choose(options.InMemory ? null : directory, options.Network, mode);
        StoredLayout.Write(options.InMemory ? null : directory, mode);
        var names = NetworkNames.ForOffset(options.AddressOffset);
        var compact = options.Members + options.AddressOffset > AddressPlan.MaxLoopbackMembers;
        var plans = Enumerable.Range(0, options.Members)
            .Select(i => (Name: SandboxOptions.MemberName(i), Plan: mode == NetworkMode.Loopback ? AddressPlan.Member(i, options.AddressOffset, compact) : AddressPlan.Namespaced(i, options.AddressOffset, names.MemberAddress(i))))
            .ToList();
        SandboxNetwork? network = null;
        if (mode != NetworkMode.Loopback)
        {
            progress?.Report(new SandboxProgress(SandboxStage.ClusterStarting, null, 0, plans.Count + 1, $"making {mode.ToString().ToLowerInvariant()} networks for {plans.Count} members"));
            network = await SandboxNetwork.CreateAsync(mode, names, plans, logger, cancellationToken).ConfigureAwait(false);
        }

        // Ports recorded at an earlier start of this directory, so a saved kubeconfig or xDS bootstrap still works.
        var ports = await StablePorts.LoadAsync(options.InMemory ? null : directory, loggerFactory.CreateLogger<StablePorts>(), cancellationToken).ConfigureAwait(false);
        var adminToken = options.PlainHttp ? null : await AdminToken.LoadOrCreateAsync(directory, cancellationToken).ConfigureAwait(false);
        var specs = new List<SimulatedClusterOptions>
        {
            // The hub's certificate also names the underlay address its API server is relayed on for the members.
            Spec(options, directory, "hub", ClusterRole.Hub, options.HubNodes > 0 ? AddressPlan.HubWithPods : AddressPlan.Hub, HostNetwork.Instance, network?.Names.HostAddress),
        };
        specs.AddRange(plans.Select(p => Spec(options, directory, p.Name, ClusterRole.Member, p.Plan, network?.NetworkOf(p.Name) ?? HostNetwork.Instance, network?.Names.HostAddress)));
        specs = [.. specs.Select(s => s with { ApiServerPort = ports.ApiServerPort(s.Name), AdminToken = adminToken })];

        var started = new SimulatedCluster?[specs.Count];
        var ready = 0;
        IMeshRuntime? mesh = null;
        try
        {
            await Parallel.ForAsync(0, specs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.StartParallelism), CancellationToken = cancellationToken }, async (i, ct) =>
            {
                progress?.Report(new SandboxProgress(SandboxStage.ClusterStarting, specs[i].Name, Volatile.Read(ref ready), specs.Count, $"starting {specs[i].Name}"));
                started[i] = await SimulatedCluster.StartAsync(specs[i], loggerFactory, ct).ConfigureAwait(false);
                var count = Interlocked.Increment(ref ready);
                progress?.Report(new SandboxProgress(SandboxStage.ClusterReady, specs[i].Name, count, specs.Count, $"{specs[i].Name} ready at {started[i]!.ApiServer}"));
            }).ConfigureAwait(false);

            var clusters = started.Select(c => c!).ToList();
            var set = new ClusterSet(directory, clusters, network, options.TimeProvider, loggerFactory);
            await KubeconfigWriter.WriteAsync(set.KubeconfigPath, clusters, "hub", cancellationToken).ConfigureAwait(false);
            if (options.Mesh)
            {
                progress?.Report(new SandboxProgress(SandboxStage.Mesh, null, ready, specs.Count, $"joining {specs.Count - 1} members to the hub (registration, MCS, DNS, xDS)"));
                if (options.MeshMode == MeshMode.Helm)
                {
                    var settings = new HelmMeshSettings(
                        options.HelmPath ?? throw new InvalidOperationException("the helm mesh needs HelmPath"),
                        options.ChartDirectory ?? throw new InvalidOperationException("the helm mesh needs ChartDirectory"),
                        set.KubeconfigPath,
                        options.MeshTimings);
                    var steps = new Progress<string>(step => progress?.Report(new SandboxProgress(SandboxStage.Mesh, null, specs.Count, specs.Count, step)));
                    mesh = await HelmMesh.StartAsync(clusters, network, settings, options.TimeProvider, loggerFactory, steps, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    mesh = await ClusterSetMesh.StartAsync(clusters, network, options.MeshTimings, ports.XdsPort(), options.BehindNat, options.HelmPath, options.TimeProvider, loggerFactory, cancellationToken).ConfigureAwait(false);
                }

                set.Attach(mesh);
            }

            if (options.BehindNat.Count > 0)
            {
                if (network is null)
                {
                    throw new InvalidOperationException("members behind NAT need a network-namespace layout (--network isolated or routed, as root)");
                }

                foreach (var member in options.BehindNat)
                {
                    progress?.Report(new SandboxProgress(SandboxStage.Mesh, member, ready, specs.Count, $"{member} behind NAT: no connection from outside reaches it"));
                    await network.SetNatAsync(member, on: true, cancellationToken).ConfigureAwait(false);
                }
            }

            ports.Record(clusters.Select(c => (c.Name, c.ApiServer)), mesh?.Xds);
            await ports.SaveAsync(cancellationToken).ConfigureAwait(false);

            if (options.Demo)
            {
                var members = clusters.Where(c => c.Role == ClusterRole.Member).ToList();
                progress?.Report(new SandboxProgress(SandboxStage.Demo, null, ready, specs.Count, $"deploying demo/echo to {members.Count} members"));
                await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (c, ct) =>
                {
                    await DemoWorkload.DeployAsync(c.Client, ct).ConfigureAwait(false);
                    await DemoWorkload.WaitAvailableAsync(c.Client, c.Name, TimeSpan.FromMinutes(2), options.TimeProvider, ct).ConfigureAwait(false);
                }).ConfigureAwait(false);
                if (mesh is not null && members.Count > 0)
                {
                    progress?.Report(new SandboxProgress(SandboxStage.Mesh, null, ready, specs.Count, $"exporting demo/echo from {members[0].Name}, waiting for the imports"));
                    await mesh.ExportDemoAsync(cancellationToken).ConfigureAwait(false);
                }

                if (mesh is not null && members.Count > 0 && clusters.FirstOrDefault(c => c.Role == ClusterRole.Hub) is { } hubCluster)
                {
                    progress?.Report(new SandboxProgress(SandboxStage.Demo, null, ready, specs.Count, $"distributing demo/{DemoDistribution.Name} ({DemoDistribution.Replicas} replicas, weights 1/2/3) from the hub, waiting until applied"));
                    await DemoDistribution.DeployAsync(hubCluster.Client, [.. members.Select(m => m.Name)], cancellationToken).ConfigureAwait(false);
                    await DemoDistribution.WaitReadyAsync(hubCluster.Client, TimeSpan.FromMinutes(2), options.TimeProvider, cancellationToken).ConfigureAwait(false);
                }
            }

            set.Attach(await SandboxControlServer.StartAsync(set, loggerFactory, cancellationToken).ConfigureAwait(false));
            await set.WriteEndpointsAsync(cancellationToken).ConfigureAwait(false);
            progress?.Report(new SandboxProgress(SandboxStage.Ready, null, ready, specs.Count, "sandbox ready"));
            return set;
        }
        catch
        {
            if (mesh is not null)
            {
                await mesh.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var cluster in started.Where(c => c is not null))
            {
                await cluster!.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            if (network is not null)
            {
                await network.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>The endpoints of a sandbox directory, or null when no sandbox runs there.</summary>
    public static Task<SandboxEndpoints?> ReadEndpointsAsync(string directory, CancellationToken cancellationToken = default) =>
        SandboxEndpoints.ReadAsync(Path.Combine(Path.GetFullPath(directory), SandboxEndpoints.FileName), cancellationToken);

    /// <summary>
    /// The layout the sandbox gets: Auto is isolated namespaces when the process may make them and the mesh runs (every
    /// byte between members through the east-west gateways, as between real clusters whose pod networks do not reach
    /// each other), routed namespaces without the mesh, else loopback (said once); an explicit namespace mode without
    /// the privileges is an error.
    /// </summary>
    private static NetworkMode ResolveMode(NetworkMode requested, bool mesh, ILogger logger)
    {
        var supported = SandboxNetwork.IsSupported();
        switch (requested)
        {
            case NetworkMode.Auto when supported:
                return mesh ? NetworkMode.Isolated : NetworkMode.Routed;
            case NetworkMode.Auto:
                LogLoopbackFallback(logger);
                return NetworkMode.Loopback;
            case NetworkMode.Routed or NetworkMode.Isolated when !supported:
                throw new NetworkSetupException($"the {requested.ToString().ToLowerInvariant()} network mode needs Linux network namespaces: run as root with iproute2 installed, or use --network loopback");
            default:
                return requested;
        }
    }

    [LoggerMessage(EventId = 7403, Level = LogLevel.Warning, Message = "Not root (or no iproute2): every member shares the loopback network, so pods reach other clusters' pods directly and links cannot be cut. Run as root for a network namespace per member.")]
    private static partial void LogLoopbackFallback(ILogger logger);

    private static SimulatedClusterOptions Spec(SandboxOptions options, string directory, string name, ClusterRole role, AddressPlan addresses, IClusterNetwork network, System.Net.IPAddress? hostUnderlay) => new()
    {
        ProcessImages = options.ProcessImages ?? [Workloads.ProcessImage.Tdcc()],
        MaxProcesses = options.MaxProcesses,
        PodsDirectory = Path.Combine(directory, "pods", name),
        HostUnderlayAddress = hostUnderlay,
        Name = name,
        Role = role,
        Addresses = addresses,
        Network = network,
        Nodes = role == ClusterRole.Hub ? options.HubNodes : options.MemberNodes is { } memberNodes && memberNodes.TryGetValue(name, out var nodes) ? nodes : options.NodesPerMember,
        DataDirectory = options.InMemory ? null : Path.Combine(directory, "clusters", name),
        TimeProvider = options.TimeProvider,
    };

    private static async Task CheckNotRunningAsync(string directory, string endpointsPath, CancellationToken cancellationToken)
    {
        SandboxEndpoints? previous;
        try
        {
            previous = await SandboxEndpoints.ReadAsync(endpointsPath, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            previous = null;
        }

        if (previous is not null && previous.Pid != Environment.ProcessId && IsAlive(previous.Pid))
        {
            throw new SandboxAlreadyRunningException(directory, previous.Pid);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void DeleteState(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        var clusters = Path.Combine(directory, "clusters");
        if (Directory.Exists(clusters))
        {
            Directory.Delete(clusters, recursive: true);
        }

        foreach (var file in new[] { KubeconfigWriter.FileName, SandboxEndpoints.FileName, StoredLayout.FileName, AdminToken.FileName })
        {
            File.Delete(Path.Combine(directory, file));
        }
    }
}
