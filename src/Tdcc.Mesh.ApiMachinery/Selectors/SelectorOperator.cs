namespace Tdcc.Mesh.ApiMachinery.Selectors;

/// <summary>The operator of one label or field requirement, as in apimachinery's <c>selection.Operator</c>.</summary>
public enum SelectorOperator
{
    /// <summary><c>key=value</c>.</summary>
    Equal,

    /// <summary><c>key==value</c>.</summary>
    DoubleEqual,

    /// <summary><c>key!=value</c>; also true when the key is absent.</summary>
    NotEqual,

    /// <summary><c>key in (a,b)</c>.</summary>
    In,

    /// <summary><c>key notin (a,b)</c>; also true when the key is absent.</summary>
    NotIn,

    /// <summary><c>key</c>.</summary>
    Exists,

    /// <summary><c>!key</c>.</summary>
    DoesNotExist,

    /// <summary><c>key&gt;n</c> (integer comparison).</summary>
    GreaterThan,

    /// <summary><c>key&lt;n</c> (integer comparison).</summary>
    LessThan,
}
