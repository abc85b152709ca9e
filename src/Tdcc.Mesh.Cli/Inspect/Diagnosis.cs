using System.Text.Json.Nodes;

namespace Tdcc.Mesh.Cli.Inspect;

/// <summary>What <c>kubectl tdcc diagnose</c> found for one service in one member, check by check.</summary>
internal sealed record Diagnosis(string Namespace, string Name, string Context, string? HubContext, IReadOnlyList<DiagnosisCheck> Checks)
{
    /// <summary>True when no check failed (warnings allowed).</summary>
    public bool Healthy => Checks.All(c => c.Result != CheckResult.Fail);

    /// <summary>The first failed check, where the trouble starts.</summary>
    public DiagnosisCheck? FirstFailure => Checks.FirstOrDefault(c => c.Result == CheckResult.Fail);

    /// <summary>One line: healthy (with the number of warnings), or the first failure and what it found.</summary>
    public string Verdict
    {
        get
        {
            var service = $"{Namespace}/{Name}";
            if (FirstFailure is { } failure)
            {
                return $"{service} is NOT healthy in context {Context}: {failure.Check} failed: {failure.Detail}";
            }

            var warnings = Checks.Count(c => c.Result == CheckResult.Warn);
            return warnings == 0
                ? $"{service} is healthy in context {Context}"
                : $"{service} is healthy in context {Context}, with {warnings} warning{(warnings == 1 ? string.Empty : "s")}";
        }
    }

    public JsonObject ToJson() => new()
    {
        ["namespace"] = Namespace,
        ["name"] = Name,
        ["context"] = Context,
        ["hubContext"] = HubContext,
        ["healthy"] = Healthy,
        ["verdict"] = Verdict,
        ["checks"] = new JsonArray([.. Checks.Select(c => (JsonNode)c.ToJson())]),
    };
}
