using System.Text.Json.Nodes;

namespace Tdcc.Mesh.Cli.Inspect;

/// <summary>One row of <c>kubectl tdcc diagnose</c>: which check, its result, and what was found.</summary>
internal sealed record DiagnosisCheck(string Check, CheckResult Result, string Detail)
{
    /// <summary>The result as the table and JSON print it: <c>OK</c>, <c>WARN</c>, <c>FAIL</c>, <c>SKIP</c>.</summary>
    public string ResultText => Result.ToString().ToUpperInvariant();

    public JsonObject ToJson() => new() { ["check"] = Check, ["result"] = ResultText, ["detail"] = Detail };
}
