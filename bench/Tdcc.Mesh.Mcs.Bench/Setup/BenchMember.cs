using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Mcs.Hosting;

namespace Tdcc.Mesh.Mcs.Bench.Setup;

/// <summary>
/// One member cluster: its API server, the agent (with its own member and hub clients) and its DNS server, plus a
/// separate client the benchmark writes and watches with.
/// </summary>
internal sealed record BenchMember(
    string Id,
    KubeApiServer Server,
    KubeClient Client,
    KubeClient AgentClient,
    KubeClient AgentHubClient,
    CountingDnsServer Dns,
    IMcsAgent Agent);
