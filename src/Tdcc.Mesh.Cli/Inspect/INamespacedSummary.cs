using System.Text.Json.Nodes;

namespace Tdcc.Mesh.Cli.Inspect;

/// <summary>One namespaced object as a <c>kubectl tdcc</c> listing shows it: where it is, and its JSON form for <c>-o json|yaml</c>.</summary>
internal interface INamespacedSummary
{
    string Namespace { get; }

    string Name { get; }

    JsonObject ToJson();
}
