namespace Tdcc.Mesh.ApiMachinery.Serialization;

/// <summary>Why <see cref="YamlToJson"/> rejected a document (see <see cref="YamlToJsonException.Kind"/>).</summary>
public enum YamlToJsonErrorKind
{
    /// <summary>The text is not well-formed YAML.</summary>
    Syntax,

    /// <summary>Collections are nested deeper than <see cref="YamlToJsonOptions.MaxDepth"/> (directly or through aliases).</summary>
    DepthExceeded,

    /// <summary>Aliases would expand to more nodes than <see cref="YamlToJsonOptions.MaxAliasExpansion"/> ("billion laughs").</summary>
    AliasExpansionExceeded,

    /// <summary>An alias names no anchor, or names the collection it is inside of.</summary>
    InvalidAlias,

    /// <summary>A mapping key cannot become a JSON object key (null, a mapping or a sequence).</summary>
    UnsupportedKey,

    /// <summary>Two keys of one mapping name the same JSON property.</summary>
    DuplicateKey,

    /// <summary>A merge key (<c>&lt;&lt;</c>) whose value is not a mapping or a sequence of mappings.</summary>
    InvalidMerge,

    /// <summary>A value JSON cannot represent (<c>.inf</c>, <c>.nan</c>) or a scalar that does not fit its explicit tag.</summary>
    UnsupportedValue,

    /// <summary>The document was required to be a mapping and is not.</summary>
    NotAnObject,
}
