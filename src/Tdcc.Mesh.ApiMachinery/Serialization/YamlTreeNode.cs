using YamlDotNet.Core;

namespace Tdcc.Mesh.ApiMachinery.Serialization;

/// <summary>
/// A node of a parsed YAML document. Aliases are resolved to the anchored node itself (shared, never copied), so a
/// tree costs what its text costs; <see cref="Size"/> and <see cref="Height"/> say what it would cost expanded.
/// </summary>
internal abstract class YamlTreeNode(Mark start)
{
    /// <summary>Where the node starts (1-based line and column).</summary>
    public Mark Start { get; } = start;

    /// <summary>The number of nodes once every alias below is expanded (saturates well below <see cref="long.MaxValue"/>).</summary>
    public long Size { get; protected set; } = 1;

    /// <summary>Nesting levels of collections once expanded: 0 for a scalar, 1 for a collection of scalars.</summary>
    public int Height { get; protected set; }

    /// <summary>
    /// About how many characters the node takes once every alias below is expanded (scalar text plus one separator per
    /// node; saturates well below <see cref="long.MaxValue"/>). Bounds what a few aliases of a long string can cost.
    /// </summary>
    public long Bytes { get; protected set; } = 1;
}

/// <summary>A scalar with its presentation: style and explicit tag decide how it resolves.</summary>
internal sealed class YamlTreeScalar : YamlTreeNode
{
    public YamlTreeScalar(Mark start, string value, ScalarStyle style, string tag)
        : base(start)
    {
        Value = value;
        Style = style;
        Tag = tag;
        Bytes = value.Length + 1L;
    }

    public string Value { get; }

    public ScalarStyle Style { get; }

    /// <summary>The explicit tag in full form (<c>tag:yaml.org,2002:int</c>, <c>!</c>, <c>!custom</c>), empty when none.</summary>
    public string Tag { get; }
}

/// <summary>A mapping or a sequence.</summary>
internal abstract class YamlTreeCollection : YamlTreeNode
{
    private const long SizeCap = long.MaxValue / 4;

    protected YamlTreeCollection(Mark start)
        : base(start) => Height = 1;

    protected void Count(YamlTreeNode child)
    {
        Size = Math.Min(SizeCap, Size + child.Size);
        Bytes = Math.Min(SizeCap, Bytes + child.Bytes);
        Height = Math.Max(Height, child.Height + 1);
    }
}

/// <summary>A sequence.</summary>
internal sealed class YamlTreeSequence(Mark start) : YamlTreeCollection(start)
{
    public List<YamlTreeNode> Items { get; } = [];

    public void Add(YamlTreeNode item)
    {
        Items.Add(item);
        Count(item);
    }
}

/// <summary>A mapping, its pairs in document order.</summary>
internal sealed class YamlTreeMapping(Mark start) : YamlTreeCollection(start)
{
    public List<KeyValuePair<YamlTreeNode, YamlTreeNode>> Pairs { get; } = [];

    public void Add(YamlTreeNode key, YamlTreeNode value)
    {
        Pairs.Add(KeyValuePair.Create(key, value));
        Count(key);
        Count(value);
    }
}
