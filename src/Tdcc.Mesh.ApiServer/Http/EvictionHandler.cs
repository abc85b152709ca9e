using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.ApiMachinery.Selectors;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Objects;
using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>
/// <c>POST .../pods/{name}/eviction</c> (policy/v1 or v1beta1 Eviction) with kube-apiserver's eviction rules: the pod's
/// PodDisruptionBudgets are checked and charged (<c>status.disruptionsAllowed</c> decremented, the pod recorded in
/// <c>status.disruptedPods</c>, written with a resourceVersion precondition and retried on conflict) before the pod is
/// deleted with the Eviction's deleteOptions. Pods that are terminal, pending or already terminating skip the budget.
/// </summary>
internal sealed partial class EvictionHandler
{
    public const string ViolationMessage = "Cannot evict pod as it would violate the pod's disruption budget.";
    private const int MaxDisruptedPods = 2000;
    private const int Attempts = 20;

    private readonly ObjectService _objects;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public EvictionHandler(ObjectService objects, TimeProvider time, ILogger logger)
    {
        _objects = objects;
        _time = time;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context, ResourceDefinition pods, string ns, string name)
    {
        var body = await RequestBody.ReadPostedAsync(context, "policy", "Eviction").ConfigureAwait(false);
        var apiVersion = (string?)body["apiVersion"];
        if (apiVersion is not (null or "policy/v1" or "policy/v1beta1"))
        {
            throw ApiException.BadRequest($"Eviction in version \"{apiVersion}\" cannot be handled: only policy/v1 and policy/v1beta1 are served");
        }

        var bodyName = (string?)body["metadata"]?["name"];
        if (!string.Equals(bodyName, name, StringComparison.Ordinal))
        {
            throw ApiException.BadRequest("name in URL does not match name in Eviction object");
        }

        if ((string?)body["metadata"]?["namespace"] is { Length: > 0 } bodyNs && bodyNs != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var deletion = ResourceHandler.DeletionOptionsFrom(body["deleteOptions"] as JsonObject, context.Request.Query);
        Evict(pods, ns, name, deletion);
        await HttpResponses.WriteJsonAsync(context, 201, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["code"] = 201,
        }).ConfigureAwait(false);
    }

    /// <summary>Checks and charges the pod's budget, then deletes the pod; throws kube's error when the budget forbids.</summary>
    public void Evict(ResourceDefinition pods, string ns, string name, DeletionOptions deletion)
    {
        var budgets = _objects.Resources.Find("policy", "v1", "poddisruptionbudgets")
            ?? throw new InvalidOperationException("poddisruptionbudgets are not served");
        for (var attempt = 1; ; attempt++)
        {
            var pod = _objects.Get(pods, ns, name).ToJson();
            var options = deletion;
            if (!CanIgnoreBudget(pod))
            {
                var matching = Matching(budgets, ns, pod);
                if (matching.Count > 1)
                {
                    throw new ApiException(500, "InternalError", "Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
                }

                if (matching.Count == 1)
                {
                    var budget = matching[0];
                    if (!IsReady(pod) && UnhealthyMayGo(budget))
                    {
                        // An unready pod counts toward neither currentHealthy nor desiredHealthy: it goes without a charge, if it is still the pod we judged.
                        options = options with { PreconditionResourceVersion = (string?)pod["metadata"]?["resourceVersion"] };
                    }
                    else
                    {
                        try
                        {
                            Charge(budgets, budget, name, deletion.DryRun);
                        }
                        catch (ApiException e) when (e.Code == 409 && attempt < Attempts)
                        {
                            continue;
                        }
                    }
                }
            }

            try
            {
                _objects.Delete(pods, ns, name, options);
            }
            catch (ApiException e) when (e.Code == 409 && attempt < Attempts && options.PreconditionResourceVersion is not null && deletion.PreconditionResourceVersion is null)
            {
                continue;
            }

            LogEvicted(_logger, ns, name);
            return;
        }
    }

    /// <summary>kube's canIgnorePDB: terminal, pending and terminating pods are deleted without consulting a budget.</summary>
    private static bool CanIgnoreBudget(JsonObject pod) =>
        ObjectMeta.IsDeleting(pod) || (string?)pod["status"]?["phase"] is "Succeeded" or "Failed" or "Pending";

    internal static bool IsReady(JsonObject pod) =>
        pod["status"]?["conditions"] is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(c => (string?)c["type"] == "Ready" && (string?)c["status"] == "True");

    private static long Number(JsonObject? obj, string field) =>
        obj?[field] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    private static bool UnhealthyMayGo(JsonObject budget)
    {
        if ((string?)budget["spec"]?["unhealthyPodEvictionPolicy"] == "AlwaysAllow")
        {
            return true;
        }

        var status = budget["status"] as JsonObject;
        var desired = Number(status, "desiredHealthy");
        return Number(status, "currentHealthy") >= desired && desired > 0;
    }

    private List<JsonObject> Matching(ResourceDefinition budgets, string ns, JsonObject pod)
    {
        var labels = pod["metadata"]?["labels"] as JsonObject;
        var result = new List<JsonObject>();
        foreach (var stored in _objects.Store.List(budgets.QualifiedResource, ns, null).Items)
        {
            var budget = stored.ToJson();
            if (budget["spec"]?["selector"] is not JsonObject selectorNode)
            {
                continue; // A nil selector matches nothing; an empty one (policy/v1) matches every pod.
            }

            LabelSelector selector;
            try
            {
                selector = LabelSelector.FromLabelSelector(selectorNode);
            }
            catch (SelectorParseException)
            {
                continue;
            }

            if (selector.Matches(Labels(labels)))
            {
                result.Add(budget);
            }
        }

        return result;
    }

    private static Dictionary<string, string> Labels(JsonObject? labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels ?? [])
        {
            result[key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;
        }

        return result;
    }

    /// <summary>kube's checkAndDecrement: refuses while the controller has not seen the budget's generation or nothing may be disrupted.</summary>
    private void Charge(ResourceDefinition budgets, JsonObject budget, string podName, bool dryRun)
    {
        var budgetName = (string?)budget["metadata"]?["name"] ?? string.Empty;
        var status = budget["status"] as JsonObject ?? [];
        if (Number(status, "observedGeneration") < Number(budget["metadata"] as JsonObject, "generation"))
        {
            throw new ApiException(429, "TooManyRequests", ViolationMessage, causes: [new StatusCause("DisruptionBudget", $"The disruption budget {budgetName} is still being processed by the server.", string.Empty)], retryAfterSeconds: 10);
        }

        var allowed = Number(status, "disruptionsAllowed");
        if (allowed < 0)
        {
            throw new ApiException(403, "Forbidden", $"poddisruptionbudgets.policy \"{budgetName}\" is forbidden: pdb disruptions allowed is negative", budgetName, "policy", "poddisruptionbudgets");
        }

        if (status["disruptedPods"] is JsonObject { Count: > MaxDisruptedPods })
        {
            throw new ApiException(403, "Forbidden", $"poddisruptionbudgets.policy \"{budgetName}\" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller", budgetName, "policy", "poddisruptionbudgets");
        }

        if (allowed == 0)
        {
            throw new ApiException(429, "TooManyRequests", ViolationMessage, causes: [new StatusCause("DisruptionBudget", $"The disruption budget {budgetName} needs {Number(status, "desiredHealthy")} healthy pods and has {Number(status, "currentHealthy")} currently", string.Empty)], retryAfterSeconds: 0);
        }

        status["disruptionsAllowed"] = allowed - 1;
        if (allowed - 1 == 0)
        {
            SetInsufficient(status);
        }

        if (dryRun)
        {
            return;
        }

        if (status["disruptedPods"] is not JsonObject disrupted)
        {
            disrupted = [];
            status["disruptedPods"] = disrupted;
        }

        disrupted[podName] = ObjectMeta.Timestamp(_time.GetUtcNow());
        budget["status"] = status;

        // The budget's resourceVersion is the precondition: a concurrent eviction or controller write makes this a 409, and the caller re-reads.
        _objects.Update(budgets, (string?)budget["metadata"]?["namespace"] ?? string.Empty, budgetName, budget, "status", WriteOptions.Default);
    }

    private void SetInsufficient(JsonObject status)
    {
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }

        var condition = conditions.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "DisruptionAllowed");
        if (condition is null)
        {
            condition = new JsonObject { ["type"] = "DisruptionAllowed" };
            conditions.Add(condition);
        }

        if ((string?)condition["status"] != "False")
        {
            condition["lastTransitionTime"] = ObjectMeta.Timestamp(_time.GetUtcNow());
        }

        condition["status"] = "False";
        condition["reason"] = "InsufficientPods";
        condition["message"] = string.Empty;
        if (status["observedGeneration"] is { } observed)
        {
            condition["observedGeneration"] = observed.DeepClone();
        }
    }

    [LoggerMessage(EventId = 2090, Level = LogLevel.Information, Message = "Evicted pod {Namespace}/{Pod}")]
    private static partial void LogEvicted(ILogger logger, string @namespace, string pod);
}
