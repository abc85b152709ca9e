namespace Tdcc.Mesh.ApiServer.Logs;

/// <summary>A <c>pods/log</c> request after validation: the pod (by uid too), the container and kube's PodLogOptions.</summary>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="Pod">The pod's name.</param>
/// <param name="PodUid">The pod's uid (a pod re-created under the same name has another log).</param>
/// <param name="Container">The container, resolved when the pod has only one.</param>
/// <param name="Follow">Keep streaming new lines.</param>
/// <param name="Previous">The log of the previous, terminated instance.</param>
/// <param name="TailLines">Only the last lines; null for all.</param>
/// <param name="Timestamps">Prefix each line with its RFC 3339 timestamp.</param>
/// <param name="LimitBytes">Stop after this many bytes; null for no limit.</param>
public sealed record PodLogRequest(string Namespace, string Pod, string PodUid, string Container, bool Follow, bool Previous, long? TailLines, bool Timestamps, long? LimitBytes);
