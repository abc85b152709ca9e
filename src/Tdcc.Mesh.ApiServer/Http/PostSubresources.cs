using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.ApiServer.Auth;
using Tdcc.Mesh.ApiServer.Objects;
using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>
/// The create-only subresources of core resources whose body is another group's kind: <c>pods/eviction</c>
/// (policy/v1 Eviction) and <c>serviceaccounts/token</c> (authentication.k8s.io/v1 TokenRequest). Discovery lists them
/// (kubectl drain looks for <c>pods/eviction</c> there).
/// </summary>
internal sealed class PostSubresources
{
    /// <summary>Each subresource as discovery names it.</summary>
    public static readonly IReadOnlyList<PostSubresource> All =
    [
        new("pods", "eviction", "policy", "v1", "Eviction"),
        new("serviceaccounts", "token", "authentication.k8s.io", "v1", "TokenRequest"),
    ];

    private readonly EvictionHandler _eviction;
    private readonly TokenRequestHandler _tokens;

    public PostSubresources(ObjectService objects, BoundServiceAccountTokens tokens, TimeProvider time, ILogger logger)
    {
        _eviction = new EvictionHandler(objects, time, logger);
        _tokens = new TokenRequestHandler(objects, tokens, time);
    }

    public static PostSubresource? Find(string resource, string? subresource) =>
        All.FirstOrDefault(s => s.Resource == resource && s.Subresource == subresource);

    public Task HandleAsync(HttpContext context, ResourceDefinition definition, string subresource, string ns, string name) =>
        subresource == "eviction"
            ? _eviction.HandleAsync(context, definition, ns, name)
            : _tokens.HandleAsync(context, definition, ns, name);
}

/// <summary>One create-only subresource: <c>resource/subresource</c> taking and answering <c>group/version</c> <c>kind</c>.</summary>
internal sealed record PostSubresource(string Resource, string Subresource, string Group, string Version, string Kind);
