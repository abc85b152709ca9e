namespace Tdcc.Mesh.ApiMachinery.Resource;

/// <summary>How a <see cref="Quantity"/> is written back out; kube keeps the family of the suffix it was parsed with.</summary>
public enum QuantityFormat
{
    /// <summary>Decimal SI suffixes: <c>n u m "" k M G T P E</c>.</summary>
    DecimalSI,

    /// <summary>Binary SI suffixes: <c>Ki Mi Gi Ti Pi Ei</c>.</summary>
    BinarySI,

    /// <summary>A decimal exponent: <c>1e3</c>, <c>12E-3</c>.</summary>
    DecimalExponent,
}
