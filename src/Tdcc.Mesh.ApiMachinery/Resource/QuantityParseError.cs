namespace Tdcc.Mesh.ApiMachinery.Resource;

/// <summary>Why resource.ParseQuantity rejects a text; <see cref="Quantity.Message"/> gives kube's wording.</summary>
public enum QuantityParseError
{
    /// <summary>The text parsed.</summary>
    None,

    /// <summary>The text is empty or not a signed number followed by a suffix.</summary>
    FormatWrong,

    /// <summary>The number cannot be read (or is too large to hold).</summary>
    Numeric,

    /// <summary>The suffix is none of kube's.</summary>
    Suffix,
}
