namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// The compiled rules of one value: a singular field, an element of a repeated field, or a map key or value.
/// Built once per field and shared by every validation, so implementations hold no per-call state.
/// </summary>
internal abstract class ValueCheck
{
    /// <summary>
    /// Checks a value as the protobuf reflection accessor returns it: a boxed scalar or enum, a string, a
    /// <c>ByteString</c>, a message, a list or a dictionary; null for an unset message or wrapper.
    /// </summary>
    public abstract void Check(object? value, ValidationContext context);
}
