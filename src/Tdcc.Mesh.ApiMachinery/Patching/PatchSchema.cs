using System.Collections.Immutable;

namespace Tdcc.Mesh.ApiMachinery.Patching;

/// <summary>
/// The strategic-merge metadata of one kind: which list fields merge and by which key. Paths are dotted field names
/// from the object root with list items transparent, e.g. <c>spec.template.spec.containers.ports</c>.
/// Lists not described are atomic (replaced).
/// </summary>
public sealed class PatchSchema
{
    private readonly ImmutableDictionary<string, PatchListRule> lists;

    private PatchSchema(ImmutableDictionary<string, PatchListRule> lists) => this.lists = lists;

    /// <summary>No merge rules: every list is replaced (what kube does for custom resources' merge patches).</summary>
    public static PatchSchema Empty { get; } = new(ImmutableDictionary.Create<string, PatchListRule>(StringComparer.Ordinal));

    /// <summary>The list rules, by path.</summary>
    public IReadOnlyDictionary<string, PatchListRule> Lists => lists;

    /// <summary>Built-in rules for the kinds the sandbox serves; <see cref="Empty"/> plus object metadata rules for others.</summary>
    public static PatchSchema ForKind(string group, string version, string kind) => BuiltInPatchSchemas.For(group, version, kind);

    /// <summary>Returns a copy with a merge rule for the list at <paramref name="path"/> (null key: primitive set union).</summary>
    public PatchSchema WithList(string path, string? mergeKey)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new PatchSchema(lists.SetItem(path, new PatchListRule(mergeKey)));
    }

    /// <summary>Returns a copy with every rule of <paramref name="other"/> whose path is prefixed by <paramref name="prefix"/>.</summary>
    public PatchSchema WithAll(string prefix, PatchSchema other)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(other);
        var builder = lists.ToBuilder();
        foreach (var (path, rule) in other.lists)
        {
            builder[prefix.Length == 0 ? path : prefix + "." + path] = rule;
        }

        return new PatchSchema(builder.ToImmutable());
    }

    /// <summary>The rule for the list at <paramref name="path"/>, or null when that list is atomic.</summary>
    public PatchListRule? ListAt(string path) => lists.GetValueOrDefault(path);
}
