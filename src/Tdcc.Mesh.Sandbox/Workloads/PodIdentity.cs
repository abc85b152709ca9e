using System.Net;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>Who a simulated pod is: what the echo image reports back to every caller.</summary>
public sealed record PodIdentity(string Cluster, string Namespace, string Pod, IPAddress PodIP);
