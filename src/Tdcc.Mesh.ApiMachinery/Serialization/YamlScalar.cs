namespace Tdcc.Mesh.ApiMachinery.Serialization;

/// <summary>What a YAML scalar resolves to (go-yaml v2's types when decoding into <c>interface{}</c>).</summary>
internal enum YamlScalarKind
{
    Null,
    Bool,
    Int,
    UInt,
    Float,
    String,
}

/// <summary>A resolved scalar: one of the typed values, chosen by <see cref="Kind"/>.</summary>
internal readonly record struct YamlScalar(YamlScalarKind Kind, string Text, bool Bool = false, long Int = 0, ulong UInt = 0, double Float = 0)
{
    public static YamlScalar Null { get; } = new(YamlScalarKind.Null, "null");

    public static YamlScalar OfString(string text) => new(YamlScalarKind.String, text);

    public static YamlScalar OfBool(bool value) => new(YamlScalarKind.Bool, value ? "true" : "false", Bool: value);

    public static YamlScalar OfInt(long value) => new(YamlScalarKind.Int, string.Empty, Int: value);

    public static YamlScalar OfUInt(ulong value) => new(YamlScalarKind.UInt, string.Empty, UInt: value);

    public static YamlScalar OfFloat(double value) => new(YamlScalarKind.Float, string.Empty, Float: value);
}
