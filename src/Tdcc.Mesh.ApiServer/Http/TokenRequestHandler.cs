using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tdcc.Mesh.ApiServer.Auth;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Objects;
using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>
/// <c>POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token</c>: an authentication.k8s.io/v1 TokenRequest answered
/// with a bound token (<see cref="BoundServiceAccountTokens"/>) valid for <c>spec.expirationSeconds</c> (default one hour,
/// at least ten minutes, as kube-apiserver), for <c>spec.audiences</c> (default: the API server's), optionally bound
/// to a Pod, Secret or Node (<c>spec.boundObjectRef</c>, whose uid must match).
/// </summary>
internal sealed class TokenRequestHandler
{
    private const long DefaultExpirationSeconds = 3600;
    private const long MinExpirationSeconds = 600;
    private const long MaxExpirationSeconds = 1L << 32;

    private readonly ObjectService _objects;
    private readonly BoundServiceAccountTokens _tokens;
    private readonly TimeProvider _time;

    public TokenRequestHandler(ObjectService objects, BoundServiceAccountTokens tokens, TimeProvider time)
    {
        _objects = objects;
        _tokens = tokens;
        _time = time;
    }

    public async Task HandleAsync(HttpContext context, ResourceDefinition serviceAccounts, string ns, string name)
    {
        var body = await RequestBody.ReadPostedAsync(context, "authentication.k8s.io", "TokenRequest").ConfigureAwait(false);
        var requestName = (string?)body["metadata"]?["name"] ?? string.Empty;
        if ((string?)body["metadata"]?["namespace"] is { Length: > 0 } bodyNs && bodyNs != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var account = _objects.Get(serviceAccounts, ns, name).ToJson();
        var spec = body["spec"] as JsonObject ?? [];
        var seconds = spec["expirationSeconds"] is JsonValue v && v.TryGetValue<long>(out var requested) ? requested : DefaultExpirationSeconds;
        if (seconds < MinExpirationSeconds)
        {
            throw Invalid(requestName, $"spec.expirationSeconds: Invalid value: {seconds}: may not specify a duration less than 10 minutes");
        }

        if (seconds > MaxExpirationSeconds)
        {
            throw Invalid(requestName, $"spec.expirationSeconds: Invalid value: {seconds}: may not specify a duration larger than 2^32 seconds");
        }

        var audiences = spec["audiences"] is JsonArray { Count: > 0 } list
            ? list.Select(a => (string?)a).OfType<string>().ToList()
            : [.. BoundServiceAccountTokens.ApiAudiences];
        var bound = Bound(spec["boundObjectRef"] as JsonObject, ns);
        var issued = _time.GetUtcNow();
        var expires = issued.AddSeconds(seconds);
        var token = _tokens.Issue(account, audiences, issued, expires, bound);
        var responseSpec = new JsonObject
        {
            ["audiences"] = new JsonArray(audiences.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
            ["expirationSeconds"] = seconds,
            ["boundObjectRef"] = spec["boundObjectRef"]?.DeepClone(),
        };
        if (bound is not null)
        {
            responseSpec["boundObjectRef"]!["uid"] = bound.Uid;
        }

        await HttpResponses.WriteJsonAsync(context, 201, new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = ObjectMeta.Timestamp(issued) },
            ["spec"] = responseSpec,
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = ObjectMeta.Timestamp(expires) },
        }).ConfigureAwait(false);
    }

    private static ApiException Invalid(string name, string detail) =>
        new(422, "Invalid", $"TokenRequest.authentication.k8s.io \"{name}\" is invalid: {detail}", name, "authentication.k8s.io", "TokenRequest");

    private BoundObject? Bound(JsonObject? reference, string ns)
    {
        if (reference is null)
        {
            return null;
        }

        var kind = (string?)reference["kind"] ?? string.Empty;
        var apiVersion = (string?)reference["apiVersion"] ?? "v1";
        var refName = (string?)reference["name"] ?? string.Empty;
        var (resource, namespaced) = (apiVersion, kind) switch
        {
            ("v1", "Pod") => ("pods", true),
            ("v1", "Secret") => ("secrets", true),
            ("v1", "Node") => ("nodes", false),
            _ => throw ApiException.BadRequest($"cannot bind token to object of type {apiVersion}, Kind={kind}"),
        };
        var definition = _objects.Resources.Find(string.Empty, "v1", resource)!;
        var target = _objects.Get(definition, namespaced ? ns : string.Empty, refName).ToJson();
        var uid = (string?)target["metadata"]?["uid"] ?? string.Empty;
        if ((string?)reference["uid"] is { Length: > 0 } wanted && wanted != uid)
        {
            throw new ApiException(409, "Conflict", $"Operation cannot be fulfilled on {kind} \"{refName}\": the UID in the bound object reference ({wanted}) does not match the UID in record. The object might have been deleted and then recreated", refName, string.Empty, kind);
        }

        return new BoundObject(kind, refName, uid);
    }
}
