using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Objects;
using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>
/// The streaming subresources a kubelet serves on real clusters (<c>pods/exec</c>, <c>pods/attach</c>,
/// <c>pods/portforward</c>, <c>pods/proxy</c>, <c>services/proxy</c>): the sandbox's pods are processes, not containers,
/// so after checking that the object exists (NotFound as kube says it) they answer 400 with one sentence saying why and
/// what to use instead, never a bare NotFound.
/// </summary>
internal static class StreamingSubresources
{
    public static bool Handles(ResourceRequest request) =>
        request.Group.Length == 0 && request is { Name: not null, Namespace: not null }
        && (request.Resource, request.Subresource) is ("pods", "exec" or "attach" or "portforward" or "proxy") or ("services", "proxy");

    /// <summary>Throws the answer: NotFound for a missing object, else BadRequest with what to do instead.</summary>
    public static void Refuse(ObjectService objects, ResourceDefinition definition, ResourceRequest request)
    {
        _ = objects.Get(definition, request.Namespace!, request.Name!);
        var target = $"{request.Resource}/{request.Name}";
        throw ApiException.BadRequest(request.Subresource switch
        {
            "exec" or "attach" => $"{request.Subresource} is not available for {target}: the TDCC sandbox runs pods as processes, not containers with a shell; run a command in the member's network with `tdcc sandbox exec <member> -- <command>`, and read the pod's output with `kubectl logs`",
            "portforward" => $"port forwarding is not available for {target}: the TDCC sandbox has no kubelet stream server; reach the pod at its IP and port from the host (loopback and routed layouts) or with `tdcc sandbox exec <member> -- curl http://<pod IP>:<port>/`",
            _ => $"the API server proxy is not available for {target} in the TDCC sandbox; reach it at its IP and port with `tdcc sandbox exec <member> -- curl http://<IP>:<port>/`",
        });
    }
}
