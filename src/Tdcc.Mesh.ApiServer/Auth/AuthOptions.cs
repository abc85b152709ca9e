namespace Tdcc.Mesh.ApiServer.Auth;

/// <summary>
/// Bearer-token authentication and RBAC authorization of an API server. Absent (null) on
/// <see cref="KubeApiServerOptions.Auth"/>, every request is served as before.
/// </summary>
public sealed record AuthOptions
{
    /// <summary>A static token that authenticates as <see cref="AdminUser"/> in group <c>system:masters</c> (no RBAC check).</summary>
    public string? AdminToken { get; init; }

    /// <summary>The user name of <see cref="AdminToken"/>.</summary>
    public string AdminUser { get; init; } = "kubernetes-admin";

    /// <summary>Accepts bootstrap tokens (<c>&lt;id&gt;.&lt;secret&gt;</c> from Secrets <c>kube-system/bootstrap-token-&lt;id&gt;</c>).</summary>
    public bool EnableBootstrapTokens { get; init; } = true;

    /// <summary>
    /// Treats requests without a token as user <c>system:anonymous</c> (group <c>system:unauthenticated</c>) and lets RBAC
    /// decide, like kube-apiserver's <c>--anonymous-auth</c>. Off: they get 401. kubectl sends bearer tokens only over
    /// https, so over this server's plain http kubectl is always anonymous.
    /// </summary>
    public bool AnonymousAuth { get; init; }

    /// <summary>Serves <c>/healthz</c>, <c>/livez</c>, <c>/readyz</c> and <c>/version</c> to requests without a token, as kube's anonymous public-info-viewer does.</summary>
    public bool AllowAnonymousHealth { get; init; } = true;
}
