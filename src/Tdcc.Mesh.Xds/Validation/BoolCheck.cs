using Tdcc.Mesh.Xds.Protos.Validate;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary><c>bool.const</c>.</summary>
internal sealed class BoolCheck(BoolRules rules) : ValueCheck
{
    private readonly bool? _const = rules.HasConst ? rules.Const : null;

    public override void Check(object? value, ValidationContext context)
    {
        if (value is bool flag && _const is { } expected && flag != expected)
        {
            context.Report("bool.const", expected ? "value must equal true" : "value must equal false");
        }
    }
}
