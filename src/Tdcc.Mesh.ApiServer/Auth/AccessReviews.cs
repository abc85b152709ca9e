using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Http;

namespace Tdcc.Mesh.ApiServer.Auth;

/// <summary>
/// The create-only review APIs: authorization.k8s.io/v1 SelfSubjectAccessReview (<c>kubectl auth can-i</c>),
/// SelfSubjectRulesReview (<c>can-i --list</c>), SubjectAccessReview and LocalSubjectAccessReview, and
/// authentication.k8s.io/v1 SelfSubjectReview (<c>kubectl auth whoami</c>) and TokenReview. Answers come from the
/// RBAC authorizer and the token authenticator; without <see cref="KubeApiServerOptions.Auth"/> the server behaves like
/// kube-apiserver with the AlwaysAllow authorizer: everything is allowed, every rule is <c>*</c>, and the requester is
/// <c>system:anonymous</c>.
/// </summary>
internal sealed class AccessReviews
{
    private const string Authorization = "authorization.k8s.io";
    private const string Authentication = "authentication.k8s.io";

    private readonly AuthOptions? _options;
    private readonly RbacAuthorizer _authorizer;
    private readonly TokenAuthenticator? _authenticator;

    public AccessReviews(IApiStore store, AuthOptions? options, BoundServiceAccountTokens boundTokens, TimeProvider time)
    {
        _options = options;
        _authorizer = new RbacAuthorizer(store);
        _authenticator = options is null ? null : new TokenAuthenticator(store, options, time, boundTokens);
    }

    /// <summary>True for the review resources (any verb: the others are answered 405).</summary>
    public static bool Serves(ResourceRequest request) =>
        request is { Version: "v1", Name: null, Subresource: null }
        && (request.Group, request.Resource, request.Namespace) is
            (Authorization, "selfsubjectaccessreviews" or "selfsubjectrulesreviews" or "subjectaccessreviews", null)
            or (Authorization, "localsubjectaccessreviews", not null)
            or (Authentication, "selfsubjectreviews" or "tokenreviews", null);

    public async Task HandleAsync(HttpContext context, ResourceRequest request)
    {
        var kind = request.Resource switch
        {
            "selfsubjectaccessreviews" => "SelfSubjectAccessReview",
            "selfsubjectrulesreviews" => "SelfSubjectRulesReview",
            "subjectaccessreviews" => "SubjectAccessReview",
            "localsubjectaccessreviews" => "LocalSubjectAccessReview",
            "selfsubjectreviews" => "SelfSubjectReview",
            _ => "TokenReview",
        };
        var body = await RequestBody.ReadPostedAsync(context, request.Group, kind).ConfigureAwait(false);

        var requester = context.Features.Get<UserInfo>() ?? UserInfo.Anonymous;
        var spec = body["spec"] as JsonObject ?? [];
        var status = kind switch
        {
            "SelfSubjectAccessReview" => Access(requester, spec, kind, local: null),
            "SubjectAccessReview" => Access(Subject(spec, kind), spec, kind, local: null),
            "LocalSubjectAccessReview" => Access(Subject(spec, kind), spec, kind, local: request.Namespace),
            "SelfSubjectRulesReview" => Rules(requester, (string?)spec["namespace"] ?? string.Empty),
            "SelfSubjectReview" => new JsonObject { ["userInfo"] = UserJson(requester) },
            _ => Review((string?)spec["token"] ?? string.Empty, spec["audiences"] as JsonArray),
        };
        var metadata = body["metadata"] as JsonObject ?? [];
        metadata["creationTimestamp"] = null;
        if (request.Namespace is { } ns)
        {
            metadata["namespace"] = ns;
        }

        var response = new JsonObject
        {
            ["kind"] = kind,
            ["apiVersion"] = request.Group + "/v1",
            ["metadata"] = metadata.DeepClone(),
        };
        if (kind != "SelfSubjectReview")
        {
            response["spec"] = spec.DeepClone();
        }

        response["status"] = status;
        await HttpResponses.WriteJsonAsync(context, 201, response).ConfigureAwait(false);
    }

    private static ApiException Invalid(string kind, string detail) =>
        new(422, "Invalid", $"{kind}.{Authorization} \"\" is invalid: {detail}", string.Empty, Authorization, kind);

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static JsonObject UserJson(UserInfo user) => new()
    {
        ["username"] = user.Name,
        ["groups"] = Strings(user.Groups),
    };

    private static UserInfo Subject(JsonObject spec, string kind)
    {
        var user = (string?)spec["user"] ?? string.Empty;
        var groups = spec["groups"] is JsonArray list ? list.Select(g => (string?)g).OfType<string>().ToList() : [];
        if (user.Length == 0 && groups.Count == 0)
        {
            throw Invalid(kind, "spec.user: Invalid value: \"\": at least one of user or group must be specified");
        }

        return new UserInfo(user, [.. groups]);
    }

    private JsonObject Access(UserInfo user, JsonObject spec, string kind, string? local)
    {
        var resource = spec["resourceAttributes"] as JsonObject;
        var nonResource = spec["nonResourceAttributes"] as JsonObject;
        if (resource is null == nonResource is null)
        {
            throw Invalid(kind, resource is null
                ? "spec.resourceAttributes: Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified"
                : "spec.nonResourceAttributes: Invalid value: \"null\": cannot be specified in combination with resourceAttributes");
        }

        RequestAttributes attributes;
        if (resource is not null)
        {
            var ns = (string?)resource["namespace"] ?? string.Empty;
            if (local is not null && ns != local)
            {
                throw ApiException.BadRequest($"spec.resourceAttributes.namespace must match namespace: {local}");
            }

            attributes = new RequestAttributes(
                (string?)resource["verb"] ?? string.Empty,
                true,
                string.Empty,
                (string?)resource["group"] ?? string.Empty,
                (string?)resource["resource"] ?? string.Empty,
                (string?)resource["subresource"] ?? string.Empty,
                ns,
                (string?)resource["name"] ?? string.Empty);
        }
        else
        {
            if (local is not null)
            {
                throw Invalid(kind, "spec.nonResourceAttributes: Invalid value: \"\": disallowed on this kind of request");
            }

            attributes = new RequestAttributes((string?)nonResource!["verb"] ?? string.Empty, false, (string?)nonResource["path"] ?? string.Empty);
        }

        var allowed = _options is null || _authorizer.Authorize(user, attributes);
        return new JsonObject { ["allowed"] = allowed };
    }

    private JsonObject Rules(UserInfo user, string ns)
    {
        if (_options is null)
        {
            return new JsonObject
            {
                ["resourceRules"] = new JsonArray(new JsonObject { ["verbs"] = Strings(["*"]), ["apiGroups"] = Strings(["*"]), ["resources"] = Strings(["*"]) }),
                ["nonResourceRules"] = new JsonArray(new JsonObject { ["verbs"] = Strings(["*"]), ["nonResourceURLs"] = Strings(["*"]) }),
                ["incomplete"] = false,
            };
        }

        var (resourceRules, nonResourceRules) = _authorizer.RulesFor(user, ns);
        return new JsonObject
        {
            ["resourceRules"] = new JsonArray([.. resourceRules]),
            ["nonResourceRules"] = new JsonArray([.. nonResourceRules]),
            ["incomplete"] = false,
        };
    }

    private JsonObject Review(string token, JsonArray? audiences)
    {
        var wanted = audiences is { Count: > 0 } ? audiences.Select(a => (string?)a).OfType<string>().ToList() : [.. BoundServiceAccountTokens.ApiAudiences];
        var user = _authenticator?.Authenticate(token);
        if (user is null)
        {
            return new JsonObject { ["user"] = new JsonObject(), ["error"] = "[invalid bearer token, token lookup failed]" };
        }

        return new JsonObject { ["authenticated"] = true, ["user"] = UserJson(user), ["audiences"] = Strings(wanted) };
    }
}
