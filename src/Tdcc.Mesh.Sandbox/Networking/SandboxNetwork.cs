using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Networking;

/// <summary>
/// The networks of a sandbox's members (<see cref="NetworkMode.Routed"/> or <see cref="NetworkMode.Isolated"/>): a
/// network namespace per member holding its pods, ClusterIPs and DNS server (its whole address block is local there),
/// joined by an underlay: a bridge in a router namespace, with the host on it too. In routed mode the router forwards
/// between the members' blocks (and the host routes to them through it); in isolated mode the blocks are unreachable
/// from outside their member, and only underlay addresses (the host's, the members') can be reached.
/// Nothing else is touched: the host keeps its forwarding off, and every address the sandbox uses is covered by a route
/// into the underlay or an unreachable route, so no sandbox traffic can leave the machine.
/// </summary>
public sealed partial class SandboxNetwork : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, NetworkNamespace> _namespaces;
    private readonly IReadOnlyList<string> _hostRoutes;
    private readonly string _ownerFile;
    private readonly ILogger _logger;
    private int _disposed;

    private SandboxNetwork(NetworkMode mode, NetworkNames names, IReadOnlyList<MemberNetwork> members, ConcurrentDictionary<string, NetworkNamespace> namespaces, IReadOnlyList<string> hostRoutes, string ownerFile, ILogger logger)
    {
        Mode = mode;
        Names = names;
        Members = members;
        _namespaces = namespaces;
        _hostRoutes = hostRoutes;
        _ownerFile = ownerFile;
        _logger = logger;
    }

    public NetworkMode Mode { get; }

    public NetworkNames Names { get; }

    public IReadOnlyList<MemberNetwork> Members { get; }

    /// <summary>Where the file naming the process that owns a slot lives.</summary>
    public static string OwnerDirectory => "/run/tdcc-sandbox";

    /// <summary>The network of member <paramref name="name"/>.</summary>
    public IClusterNetwork NetworkOf(string name) => _namespaces[name];

    /// <summary>True when this process may create network namespaces (root, and iproute2 present).</summary>
    public static bool IsSupported() =>
        OperatingSystem.IsLinux() && Environment.UserName == "root" && (File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip") || File.Exists("/usr/bin/ip"));

    /// <summary>Makes the namespaces, the underlay and the routes for <paramref name="members"/> (name and plan, in member order).</summary>
    public static async Task<SandboxNetwork> CreateAsync(NetworkMode mode, NetworkNames names, IReadOnlyList<(string Name, AddressPlan Plan)> members, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(members);
        if (mode is not (NetworkMode.Routed or NetworkMode.Isolated))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "only routed and isolated modes have namespaces");
        }

        var ownerFile = Path.Combine(OwnerDirectory, "slot-" + names.Slot.ToString(CultureInfo.InvariantCulture) + ".routes");
        await ClaimSlotAsync(names, ownerFile, logger, cancellationToken).ConfigureAwait(false);
        var memberNetworks = members.Select((m, i) => new MemberNetwork(m.Name, i, names.MemberNamespace(m.Name), NetworkNames.MemberLink(i), m.Plan.UnderlayAddress ?? names.MemberAddress(i), m.Plan)).ToList();
        var hostRoutes = memberNetworks.Select(m => mode == NetworkMode.Routed
            ? $"route add {m.Plan.BlockCidr} via {names.RouterAddress}"
            : $"route add unreachable {m.Plan.BlockCidr}").ToList();
        await File.WriteAllLinesAsync(ownerFile, [Environment.ProcessId.ToString(CultureInfo.InvariantCulture), .. memberNetworks.Select(m => m.Plan.BlockCidr)], cancellationToken).ConfigureAwait(false);

        var namespaces = new ConcurrentDictionary<string, NetworkNamespace>(StringComparer.Ordinal);
        var network = new SandboxNetwork(mode, names, memberNetworks, namespaces, hostRoutes, ownerFile, logger);
        try
        {
            var underlay = $"/{NetworkNames.UnderlayPrefix}";
            var host = new List<string> { $"netns add {names.RouterNamespace}" };
            host.AddRange(memberNetworks.Select(m => $"netns add {m.Namespace}"));
            host.Add($"link add {names.HostLink} type veth peer name host netns {names.RouterNamespace}");
            host.Add($"addr add {names.HostAddress}{underlay} dev {names.HostLink}");
            host.Add($"link set {names.HostLink} up");
            await IpCommand.RunBatchAsync(host, force: false, cancellationToken).ConfigureAwait(false);

            var router = new List<string>
            {
                "link set lo up",
                $"link add {NetworkNames.Bridge} type bridge",
                $"addr add {names.RouterAddress}{underlay} dev {NetworkNames.Bridge}",
                $"link set {NetworkNames.Bridge} up",
                $"link set host master {NetworkNames.Bridge}",
                "link set host up",
            };
            foreach (var m in memberNetworks)
            {
                router.Add($"link add {m.Link} type veth peer name {NetworkNames.MemberInterface} netns {m.Namespace}");
                router.Add($"link set {m.Link} master {NetworkNames.Bridge}");
                router.Add($"link set {m.Link} up");
                router.Add(mode == NetworkMode.Routed ? $"route add {m.Plan.BlockCidr} via {m.Underlay}" : $"route add prohibit {m.Plan.BlockCidr}");
            }

            await RunInAsync(names.RouterNamespace, router, cancellationToken).ConfigureAwait(false);
            await SetForwardingAsync(names.RouterNamespace, cancellationToken).ConfigureAwait(false);
            await Parallel.ForEachAsync(memberNetworks, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (m, ct) =>
            {
                await RunInAsync(m.Namespace,
                [
                    "link set lo up",
                    $"addr add {m.Underlay}{underlay} dev {NetworkNames.MemberInterface}",
                    $"link set {NetworkNames.MemberInterface} up",
                    $"route add local {m.Plan.BlockCidr} dev lo",
                    $"route add {NetworkNames.SupernetCidr} via {names.RouterAddress}",
                ], ct).ConfigureAwait(false);
                namespaces[m.Name] = new NetworkNamespace(m.Namespace);
            }).ConfigureAwait(false);
            await IpCommand.RunBatchAsync(hostRoutes, force: false, cancellationToken).ConfigureAwait(false);
            LogCreated(logger, mode, names.Slot, memberNetworks.Count, names.UnderlayCidr);
            return network;
        }
        catch
        {
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Takes member <paramref name="member"/>'s link down (<paramref name="up"/> false) or up again.</summary>
    public Task SetLinkAsync(string member, bool up, CancellationToken cancellationToken = default) =>
        SetLinkAsync(Names, Member(member).Link, up, cancellationToken);

    /// <summary>Adds latency and loss on member <paramref name="member"/>'s link in both directions (zero for both removes them).</summary>
    public Task ShapeLinkAsync(string member, TimeSpan delay, double lossPercent, CancellationToken cancellationToken = default)
    {
        var m = Member(member);
        return ShapeLinkAsync(Names, m.Namespace, m.Link, delay, lossPercent, cancellationToken);
    }

    /// <summary>
    /// Puts member <paramref name="member"/> behind NAT (<paramref name="on"/>) or takes it out: every TCP connection
    /// opened towards the member's network from outside it is dropped at its first packet, while the connections the
    /// member opens, and their replies, pass (docs/sandbox.md "Faults").
    /// </summary>
    public Task SetNatAsync(string member, bool on, CancellationToken cancellationToken = default) =>
        SetNatAsync(Names, Member(member).Link, on, cancellationToken);

    /// <summary>
    /// <see cref="SetNatAsync(string, bool, CancellationToken)"/> for a tool outside the sandbox process. The kernels
    /// this runs on may have neither netfilter nor netem, so the NAT is a queueing rule on the egress of the member's
    /// link in the router namespace (the packets going into the member): an htb root whose class 1:20 is a pfifo of
    /// length 0, and a u32 filter sending IPv4 TCP segments with SYN set and ACK clear (flags byte at offset 33 with
    /// a 20-byte IP header) there; everything else goes to class 1:10. Replaces any delay or loss shaping on that side.
    /// </summary>
    public static async Task SetNatAsync(NetworkNames names, string link, bool on, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var ns = names.RouterNamespace;
        var clear = await IpCommand.RunAsync("tc", ["-n", ns, "qdisc", "del", "dev", link, "root"], null, cancellationToken).ConfigureAwait(false);
        if (clear.ExitCode != 0 && !clear.Error.Contains("No such file", StringComparison.Ordinal) && !clear.Error.Contains("Cannot delete qdisc with handle of zero", StringComparison.Ordinal))
        {
            throw new NetworkSetupException($"tc qdisc del dev {link} root failed: {clear.Error.Trim()}");
        }

        if (!on)
        {
            return;
        }

        IReadOnlyList<string>[] commands =
        [
            ["qdisc", "add", "dev", link, "root", "handle", "1:", "htb", "default", "10", "r2q", "100000"],
            ["class", "add", "dev", link, "parent", "1:", "classid", "1:10", "htb", "rate", "10gbit"],
            ["class", "add", "dev", link, "parent", "1:", "classid", "1:20", "htb", "rate", "10gbit"],
            ["qdisc", "add", "dev", link, "parent", "1:20", "handle", "20:", "pfifo", "limit", "0"],
            ["filter", "add", "dev", link, "parent", "1:", "protocol", "ip", "prio", "1", "u32", "match", "ip", "protocol", "6", "0xff", "match", "u8", "0x02", "0x12", "at", "33", "flowid", "1:20"],
        ];
        foreach (var command in commands)
        {
            var result = await IpCommand.RunAsync("tc", ["-n", ns, .. command], null, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new NetworkSetupException($"tc {string.Join(' ', command)} failed: {result.Error.Trim()} (the NAT needs the htb and pfifo queueing disciplines and the u32 classifier)");
            }
        }
    }

    /// <summary><see cref="SetLinkAsync(string, bool, CancellationToken)"/> for a tool outside the sandbox process (the CLI), from the names in endpoints.json.</summary>
    public static async Task SetLinkAsync(NetworkNames names, string link, bool up, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        await RunInAsync(names.RouterNamespace, [$"link set {link} {(up ? "up" : "down")}"], cancellationToken).ConfigureAwait(false);
    }

    /// <summary><see cref="ShapeLinkAsync(string, TimeSpan, double, CancellationToken)"/> for a tool outside the sandbox process.</summary>
    public static async Task ShapeLinkAsync(NetworkNames names, string memberNamespace, string link, TimeSpan delay, double lossPercent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var clear = delay <= TimeSpan.Zero && lossPercent <= 0;
        foreach (var (ns, device) in new[] { (names.RouterNamespace, link), (memberNamespace, NetworkNames.MemberInterface) })
        {
            IReadOnlyList<string> args = clear
                ? ["-n", ns, "qdisc", "del", "dev", device, "root"]
                : ["-n", ns, "qdisc", "replace", "dev", device, "root", "netem",
                    "delay", string.Create(CultureInfo.InvariantCulture, $"{delay.TotalMilliseconds:0.###}ms"),
                    "loss", string.Create(CultureInfo.InvariantCulture, $"{lossPercent:0.###}%")];
            var result = await IpCommand.RunAsync("tc", args, null, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0 && !(clear && result.Error.Contains("No such file", StringComparison.Ordinal)) && !(clear && result.Error.Contains("Cannot delete qdisc with handle of zero", StringComparison.Ordinal)))
            {
                throw new NetworkSetupException(result.Error.Contains("qdisc kind is unknown", StringComparison.Ordinal)
                    ? "this kernel has no netem queueing discipline (sch_netem), which delay and loss need; cut and restore work without it"
                    : $"tc {string.Join(' ', args)} failed: {result.Error.Trim()}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var ns in _namespaces.Values)
        {
            ns.Dispose();
        }

        await TearDownAsync(Names, Members.Select(m => m.Namespace), Members.Select(m => m.Plan.BlockCidr), CancellationToken.None).ConfigureAwait(false);
        File.Delete(_ownerFile);
        LogRemoved(_logger, Names.Slot);
    }

    private MemberNetwork Member(string name) =>
        Members.FirstOrDefault(m => m.Name == name) ?? throw new ArgumentException($"'{name}' is not a member of this sandbox", nameof(name));

    private static async Task RunInAsync(string ns, IReadOnlyList<string> commands, CancellationToken cancellationToken)
    {
        var text = string.Join('\n', commands) + "\n";
        var result = await IpCommand.RunAsync("ip", ["-n", ns, "-batch", "-"], text, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new NetworkSetupException($"ip -n {ns} -batch failed: {result.Error.Trim()}");
        }
    }

    private static async Task SetForwardingAsync(string ns, CancellationToken cancellationToken)
    {
        // Forwarding on, redirects off, inside the router namespace only; the host's own settings are never touched.
        var result = await IpCommand.RunAsync("ip", ["netns", "exec", ns, "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward && echo 0 > /proc/sys/net/ipv4/conf/all/send_redirects && echo 0 > /proc/sys/net/ipv4/conf/br0/send_redirects"], null, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new NetworkSetupException($"enabling forwarding in {ns} failed: {result.Error.Trim()}");
        }
    }

    /// <summary>Refuses a slot whose owner still runs; removes what a crashed owner left behind.</summary>
    private static async Task ClaimSlotAsync(NetworkNames names, string ownerFile, ILogger logger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(OwnerDirectory);
        if (File.Exists(ownerFile))
        {
            var lines = await File.ReadAllLinesAsync(ownerFile, cancellationToken).ConfigureAwait(false);
            if (lines.Length > 0 && int.TryParse(lines[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId && IsAlive(pid))
            {
                throw new NetworkSetupException($"network slot {names.Slot} ({names.UnderlayCidr}) is used by the sandbox in process {pid}; stop it, or start this one with another --address-offset (a different multiple of 16)");
            }

            LogStale(logger, names.Slot);
            await TearDownAsync(names, StaleNamespaces(names), lines.Skip(1), cancellationToken).ConfigureAwait(false);
        }
        else if (File.Exists(NetworkNamespace.PathOf(names.RouterNamespace)))
        {
            LogStale(logger, names.Slot);
            await TearDownAsync(names, StaleNamespaces(names), [], cancellationToken).ConfigureAwait(false);
        }
    }

    private static List<string> StaleNamespaces(NetworkNames names)
    {
        var prefix = names.MemberNamespace(string.Empty);
        return Directory.Exists("/var/run/netns")
            ? Directory.EnumerateFiles("/var/run/netns").Select(Path.GetFileName).OfType<string>().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n != names.RouterNamespace).ToList()
            : [];
    }

    private static async Task TearDownAsync(NetworkNames names, IEnumerable<string> memberNamespaces, IEnumerable<string> blocks, CancellationToken cancellationToken)
    {
        // Deleting a namespace deletes its links (and their peers, the host's among them); routes through them go too.
        var commands = new List<string>();
        commands.AddRange(blocks.Select(b => $"route del {b}"));
        commands.Add($"link del {names.HostLink}");
        commands.AddRange(memberNamespaces.Select(n => $"netns del {n}"));
        commands.Add($"netns del {names.RouterNamespace}");
        await IpCommand.RunBatchAsync(commands, force: true, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsAlive(int pid) => Directory.Exists("/proc/" + pid.ToString(CultureInfo.InvariantCulture));

    [LoggerMessage(EventId = 7400, Level = LogLevel.Information, Message = "Sandbox networks ({Mode}) made in slot {Slot}: {Members} member namespaces on underlay {Underlay}")]
    private static partial void LogCreated(ILogger logger, NetworkMode mode, int slot, int members, string underlay);

    [LoggerMessage(EventId = 7401, Level = LogLevel.Information, Message = "Sandbox networks of slot {Slot} removed")]
    private static partial void LogRemoved(ILogger logger, int slot);

    [LoggerMessage(EventId = 7402, Level = LogLevel.Warning, Message = "Sandbox networks of slot {Slot} were left by a process that no longer runs; removing them first")]
    private static partial void LogStale(ILogger logger, int slot);
}
