namespace Tdcc.Mesh.MeshModel;

/// <summary>One rule of a MultiClusterNetworkPolicy, resolved for a service.</summary>
/// <param name="Policy">The policy it comes from, <c>&lt;namespace&gt;/&lt;name&gt;</c> (the <c>policy</c> label of denials).</param>
/// <param name="Name">The rule's name within the policy (its own, else <c>rule-&lt;index&gt;</c>).</param>
/// <param name="Action">What a matching request gets.</param>
/// <param name="From">Sources (alternatives); empty: any source.</param>
/// <param name="To">Operations (alternatives); empty: any operation.</param>
public sealed record AccessRuleModel(
    string Policy,
    string Name,
    AccessAction Action,
    IReadOnlyList<AccessSourceModel> From,
    IReadOnlyList<AccessOperationModel> To);
