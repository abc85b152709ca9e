namespace Tdcc.Mesh.ApiServer.Auth;

/// <summary>What a request asks to do, as kube's authorizer sees it (RequestInfo).</summary>
internal sealed record RequestAttributes(
    string Verb,
    bool IsResourceRequest,
    string Path,
    string ApiGroup = "",
    string Resource = "",
    string Subresource = "",
    string Namespace = "",
    string Name = "");
