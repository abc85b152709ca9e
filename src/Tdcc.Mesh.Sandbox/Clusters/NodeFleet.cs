using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Ownership;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>
/// The simulated nodes of one member: <c>&lt;cluster&gt;-node-N</c> with capacity, allocatable, addresses, topology
/// labels (region = cluster, zone = <c>&lt;cluster&gt;-a|b|c</c>) and a Ready condition, registered at start (kept when
/// they exist), and their heartbeats: a Lease per node in <c>kube-node-lease</c> renewed every <see cref="HeartbeatInterval"/>.
/// </summary>
internal sealed partial class NodeFleet(string cluster, AddressPlan addresses, int count, IKubeClient client, TimeProvider time, ILogger<NodeFleet> logger)
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);
    private const string KubernetesVersion = "v1.32.0";

    private readonly List<Node> _registered = [];

    public IReadOnlyList<string> Names { get; } = Enumerable.Range(1, count).Select(i => NodeName(cluster, i)).ToList();

    public static string NodeName(string cluster, int ordinal) => string.Create(CultureInfo.InvariantCulture, $"{cluster}-node-{ordinal}");

    /// <summary>Creates missing nodes and reports every node Ready.</summary>
    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var nodes = client.Resource<Node>();
        for (var ordinal = 1; ordinal <= count; ordinal++)
        {
            var name = NodeName(cluster, ordinal);
            var node = await nodes.GetAsync(null, name, cancellationToken).ConfigureAwait(false)
                ?? await nodes.CreateAsync(NewNode(name, ordinal), cancellationToken: cancellationToken).ConfigureAwait(false);
            node = await nodes.UpdateStatusAsync(node with { Status = Status(ordinal, node.Status) }, cancellationToken: cancellationToken).ConfigureAwait(false);
            await RenewLeaseAsync(node, cancellationToken).ConfigureAwait(false);
            _registered.Add(node);
        }

        LogRegistered(logger, cluster, count);
    }

    /// <summary>Renews every node's lease until cancelled.</summary>
    public async Task RunHeartbeatsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var node in _registered)
            {
                try
                {
                    await RenewLeaseAsync(node, cancellationToken).ConfigureAwait(false);
                }
                catch (KubeApiException e)
                {
                    LogHeartbeatFailed(logger, cluster, node.Metadata.Name, e.Message);
                }
                catch (HttpRequestException e)
                {
                    LogHeartbeatFailed(logger, cluster, node.Metadata.Name, e.Message);
                }
            }
        }
    }

    private async Task RenewLeaseAsync(Node node, CancellationToken cancellationToken)
    {
        var leases = client.Resource<Lease>();
        var name = node.Metadata.Name!;
        var now = time.GetUtcNow();
        var lease = await leases.GetAsync("kube-node-lease", name, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            var created = new Lease
            {
                Metadata = new ObjectMeta { Name = name, Namespace = "kube-node-lease", OwnerReferences = [OwnerReferences.ReferenceTo(node, controller: false)] },
                Spec = new LeaseSpec { HolderIdentity = name, LeaseDurationSeconds = 40, RenewTime = now },
            };
            try
            {
                await leases.CreateAsync(created, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
            {
                // Renewed by a concurrent heartbeat.
            }

            return;
        }

        await leases.UpdateAsync(lease with { Spec = (lease.Spec ?? new LeaseSpec()) with { HolderIdentity = name, LeaseDurationSeconds = 40, RenewTime = now } }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private Node NewNode(string name, int ordinal) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Labels = ImmutableDictionary<string, string>.Empty
                .Add("kubernetes.io/hostname", name)
                .Add("kubernetes.io/os", "linux")
                .Add("kubernetes.io/arch", "amd64")
                .Add("beta.kubernetes.io/os", "linux")
                .Add("beta.kubernetes.io/arch", "amd64")
                .Add("node.kubernetes.io/instance-type", "tdcc-sandbox")
                .Add("topology.kubernetes.io/region", cluster)
                .Add("topology.kubernetes.io/zone", Zone(ordinal)),
        },
        Spec = new NodeSpec { ProviderID = "tdcc-sandbox://" + cluster + "/" + name, PodCIDR = addresses.PodCidr, PodCIDRs = addresses.PodCidr is null ? null : [addresses.PodCidr] },
    };

    private string Zone(int ordinal) => cluster + "-" + (char)('a' + ((ordinal - 1) % 3));

    private NodeStatus Status(int ordinal, NodeStatus? existing)
    {
        var now = time.GetUtcNow();
        var resources = ImmutableDictionary<string, string>.Empty
            .Add("cpu", "4")
            .Add("memory", "8Gi")
            .Add("pods", "110")
            .Add("ephemeral-storage", "100Gi");
        NodeCondition Condition(string type, string status, string reason, string message) => new()
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastHeartbeatTime = now,
            LastTransitionTime = existing?.Conditions?.FirstOrDefault(c => c.Type == type && c.Status == status)?.LastTransitionTime ?? now,
        };
        return (existing ?? new NodeStatus()) with
        {
            Capacity = resources,
            Allocatable = resources,
            Phase = null,
            Addresses = [new NodeAddress { Type = "InternalIP", Address = addresses.NodeAddress(ordinal) }, new NodeAddress { Type = "Hostname", Address = NodeName(cluster, ordinal) }],
            Conditions =
            [
                Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            NodeInfo = new NodeSystemInfo
            {
                MachineID = name(ordinal),
                SystemUUID = name(ordinal),
                BootID = name(ordinal),
                KernelVersion = Environment.OSVersion.Version.ToString(),
                OsImage = "TDCC Mesh sandbox",
                ContainerRuntimeVersion = "tdcc-sandbox://1.0.0",
                KubeletVersion = KubernetesVersion,
                KubeProxyVersion = KubernetesVersion,
                OperatingSystem = "linux",
                Architecture = "amd64",
            },
        };

        string name(int n) => NodeName(cluster, n);
    }

    [LoggerMessage(EventId = 7160, Level = LogLevel.Information, Message = "Cluster {Cluster}: {Count} nodes registered and Ready")]
    private static partial void LogRegistered(ILogger logger, string cluster, int count);

    [LoggerMessage(EventId = 7161, Level = LogLevel.Warning, Message = "Cluster {Cluster}: heartbeat of node {Node} failed: {Reason}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string cluster, string? node, string reason);
}
