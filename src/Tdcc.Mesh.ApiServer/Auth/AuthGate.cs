using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Http;

namespace Tdcc.Mesh.ApiServer.Auth;

/// <summary>
/// The authentication and authorization step in front of every request when <see cref="KubeApiServerOptions.Auth"/> is set:
/// 401 for a missing or invalid bearer token, 403 (with kube's message) when RBAC does not allow the request.
/// </summary>
internal sealed partial class AuthGate
{
    private static readonly HashSet<string> PublicPaths = new(["healthz", "livez", "readyz", "version"], StringComparer.Ordinal);

    private readonly AuthOptions _options;
    private readonly TokenAuthenticator _authenticator;
    private readonly RbacAuthorizer _authorizer;
    private readonly ILogger _logger;

    public AuthGate(IApiStore store, AuthOptions options, TimeProvider time, ILogger logger, BoundServiceAccountTokens? boundTokens = null)
    {
        _options = options;
        _logger = logger;
        _authenticator = new TokenAuthenticator(store, options, time, boundTokens);
        _authorizer = new RbacAuthorizer(store);
        DefaultPolicy.Ensure(store);
    }

    /// <summary>True when the request may proceed; otherwise the 401/403 response has been written.</summary>
    public async Task<bool> AdmitAsync(HttpContext context, string[] segments)
    {
        var header = context.Request.Headers.Authorization.ToString();
        string? token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        if (string.IsNullOrEmpty(token))
        {
            if (_options.AllowAnonymousHealth && segments.Length == 1 && PublicPaths.Contains(segments[0]))
            {
                return true;
            }

            if (!_options.AnonymousAuth)
            {
                await HttpResponses.WriteErrorAsync(context, Unauthorized()).ConfigureAwait(false);
                return false;
            }
        }

        var user = string.IsNullOrEmpty(token) ? UserInfo.Anonymous : _authenticator.Authenticate(token);
        if (user is null)
        {
            LogUnauthorized(_logger, context.Request.Method, context.Request.Path);
            await HttpResponses.WriteErrorAsync(context, Unauthorized()).ConfigureAwait(false);
            return false;
        }

        var request = Attributes(context, segments);
        if (_authorizer.Authorize(user, request))
        {
            context.Features.Set(user);
            return true;
        }

        var error = Forbidden(user, request);
        LogForbidden(_logger, user.Name, error.Message);
        await HttpResponses.WriteErrorAsync(context, error).ConfigureAwait(false);
        return false;
    }

    /// <summary>kube's RequestInfo: verb, group, resource, subresource, namespace and name of a request.</summary>
    public static RequestAttributes Attributes(HttpContext context, string[] segments)
    {
        var path = "/" + string.Join('/', segments);
        var method = context.Request.Method;
        int versionIndex;
        string group;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, versionIndex) = (string.Empty, 1);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, versionIndex) = (segments[1], 2);
        }
        else
        {
            return new RequestAttributes(NonResourceVerb(method), false, path);
        }

        var parsed = ResourceRequest.Parse(group, segments[versionIndex], segments.AsSpan(versionIndex + 1));
        if (parsed is null)
        {
            return new RequestAttributes(NonResourceVerb(method), false, path);
        }

        var watch = context.Request.Query["watch"].ToString() is "true" or "1";
        var verb = method.ToUpperInvariant() switch
        {
            "GET" or "HEAD" when watch => "watch",
            "GET" or "HEAD" => parsed.Name is null ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => parsed.Name is null ? "deletecollection" : "delete",
            _ => method.ToLowerInvariant(),
        };

        // A namespace object is "in" itself, as kube's RequestInfo has it.
        var ns = parsed.Namespace ?? (group.Length == 0 && parsed.Resource == "namespaces" && parsed.Name is not null ? parsed.Name : string.Empty);
        return new RequestAttributes(verb, true, path, group, parsed.Resource, parsed.Subresource ?? string.Empty, ns, parsed.Name ?? string.Empty);
    }

    /// <summary>kube's 403: <c>configmaps is forbidden: User "u" cannot list resource "configmaps" in API group "" in the namespace "x"</c>.</summary>
    public static ApiException Forbidden(UserInfo user, RequestAttributes request)
    {
        if (!request.IsResourceRequest)
        {
            return new ApiException(403, "Forbidden", $"forbidden: User \"{user.Name}\" cannot {request.Verb} path \"{request.Path}\"");
        }

        var resource = request.Subresource.Length == 0 ? request.Resource : request.Resource + "/" + request.Subresource;
        var scope = request.Namespace.Length > 0 ? $"in the namespace \"{request.Namespace}\"" : "at the cluster scope";
        var reason = $"User \"{user.Name}\" cannot {request.Verb} resource \"{resource}\" in API group \"{request.ApiGroup}\" {scope}";
        var qualified = request.ApiGroup.Length == 0 ? request.Resource : request.Resource + "." + request.ApiGroup;
        var subject = request.Name.Length > 0 ? $"{qualified} \"{request.Name}\"" : qualified;
        return new ApiException(403, "Forbidden", $"{subject} is forbidden: {reason}", request.Name.Length > 0 ? request.Name : null, request.ApiGroup, request.Resource);
    }

    private static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    private static string NonResourceVerb(string method) => method.ToUpperInvariant() switch
    {
        "GET" or "HEAD" => "get",
        "POST" => "post",
        "PUT" => "put",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => method.ToLowerInvariant(),
    };

    [LoggerMessage(EventId = 2040, Level = LogLevel.Debug, Message = "Unauthorized {Method} {Path}: missing or invalid bearer token")]
    private static partial void LogUnauthorized(ILogger logger, string method, PathString path);

    [LoggerMessage(EventId = 2041, Level = LogLevel.Debug, Message = "Forbidden for user {User}: {Reason}")]
    private static partial void LogForbidden(ILogger logger, string user, string reason);
}
