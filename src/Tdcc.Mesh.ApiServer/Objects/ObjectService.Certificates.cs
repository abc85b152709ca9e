using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Auth;
using Tdcc.Mesh.ApiServer.Objects.Validation;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>
/// CertificateSigningRequests (certificates.k8s.io/v1), as kube's registry strategies treat them: the requester is
/// recorded in the spec by the server, the spec is immutable, <c>/approval</c> writes only the conditions and
/// <c>/status</c> everything else of the status (the Approved and Denied conditions stay as they were).
/// </summary>
internal sealed partial class ObjectService
{
    private const string CsrResource = "certificatesigningrequests.certificates.k8s.io";

    /// <summary>
    /// spec.username, uid, groups and extra come from the authenticated requester, never from the body; without
    /// authentication they are left empty.
    /// </summary>
    private static void PrepareCsrCreate(JsonObject body, UserInfo? user)
    {
        if (body["spec"] is not JsonObject spec)
        {
            return;
        }

        spec.Remove("username");
        spec.Remove("uid");
        spec.Remove("groups");
        spec.Remove("extra");
        if (user is not null)
        {
            spec["username"] = user.Name;
            spec["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)g)]);
        }
    }

    private JsonObject PrepareCsrStatus(JsonObject current, JsonObject desired, bool approval)
    {
        var result = current.DeepClone().AsObject();
        var currentStatus = current["status"] as JsonObject;
        var desiredConditions = desired["status"]?["conditions"]?.DeepClone() as JsonArray;
        JsonObject status;
        if (approval)
        {
            status = currentStatus?.DeepClone().AsObject() ?? [];
            SetOrRemove(status, "conditions", desiredConditions);
        }
        else
        {
            status = desired["status"]?.DeepClone() as JsonObject ?? [];
            var kept = (currentStatus?["conditions"] as JsonArray ?? []).Where(c => Fields.Str(c?["type"]) is "Approved" or "Denied").Select(c => c!.DeepClone());
            var others = (desiredConditions ?? []).Where(c => Fields.Str(c?["type"]) is not ("Approved" or "Denied")).Select(c => c!.DeepClone());
            JsonArray merged = [.. kept, .. others];
            SetOrRemove(status, "conditions", merged.Count > 0 ? merged : null);
        }

        var now = ObjectMeta.Timestamp(_time.GetUtcNow());
        foreach (var condition in (status["conditions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            condition["lastUpdateTime"] ??= now;
            condition["lastTransitionTime"] ??= now;
            condition["status"] ??= "True";
        }

        result["status"] = status;
        return result;
    }
}
