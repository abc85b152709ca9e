namespace Tdcc.Mesh.MeshModel;

/// <summary>
/// Who may reach a clusterset service through the gateways: the rules of every MultiClusterNetworkPolicy targeting it,
/// in evaluation order (priority, then policy name, then rule order). The first rule that matches decides; when none
/// does, <see cref="DefaultAction"/> does.
/// </summary>
/// <param name="Rules">The rules in evaluation order.</param>
/// <param name="DefaultAction">Deny when any policy targeting the service says so, else Allow.</param>
/// <param name="DefaultPolicy">The policy whose default denies (<c>&lt;namespace&gt;/&lt;name&gt;</c>), for the denial metric; null when the default allows.</param>
public sealed record ServiceAccessModel(
    IReadOnlyList<AccessRuleModel> Rules,
    AccessAction DefaultAction,
    string? DefaultPolicy = null);
