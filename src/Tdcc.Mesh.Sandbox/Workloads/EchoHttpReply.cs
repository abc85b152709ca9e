namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>The JSON body the echo image answers HTTP requests with.</summary>
public sealed record EchoHttpReply(
    string Cluster,
    string Namespace,
    string Pod,
    string PodIP,
    int Port,
    string Method,
    string Path,
    string Query,
    string Host,
    string Protocol,
    IReadOnlyDictionary<string, string> Headers);
