using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Apply;

/// <summary>
/// A set of field paths as a trie, in structured-merge-diff's FieldsV1 shape: path elements are <c>f:name</c>,
/// <c>k:{"name":"x"}</c> (list item by key), <c>v:"x"</c> (set value) or <c>i:0</c>; <c>.</c> marks a node that is
/// itself a member besides having members below it.
/// </summary>
internal sealed class FieldSet
{
    private readonly SortedDictionary<string, FieldSet> children = new(StringComparer.Ordinal);

    /// <summary>Whether the path leading here is itself in the set.</summary>
    public bool IsMember { get; private set; }

    public IReadOnlyDictionary<string, FieldSet> Children => children;

    public bool IsEmpty => !IsMember && children.Count == 0;

    public static FieldSet FromFieldsV1(JsonNode? fieldsV1)
    {
        var set = new FieldSet();
        if (fieldsV1 is JsonObject obj)
        {
            Read(set, obj);
        }

        return set;
    }

    public JsonObject ToFieldsV1()
    {
        var result = new JsonObject();
        foreach (var (element, child) in children)
        {
            result[element] = child.ToNode();
        }

        return result;
    }

    public void Insert(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node.children.TryGetValue(element, out var next))
            {
                next = new FieldSet();
                node.children[element] = next;
            }

            node = next;
        }

        node.IsMember = true;
    }

    public bool Contains(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node.children.TryGetValue(element, out node))
            {
                return false;
            }
        }

        return node.IsMember;
    }

    /// <summary>Whether <paramref name="path"/> or anything below it is in the set.</summary>
    public bool ContainsPrefix(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node.children.TryGetValue(element, out node))
            {
                return false;
            }
        }

        return !node.IsEmpty;
    }

    /// <summary>Every member path, depth first in element order.</summary>
    public IEnumerable<IReadOnlyList<string>> Paths()
    {
        var prefix = new List<string>();
        return Walk(this, prefix);

        static IEnumerable<IReadOnlyList<string>> Walk(FieldSet node, List<string> prefix)
        {
            if (node.IsMember && prefix.Count > 0)
            {
                yield return prefix.ToArray();
            }

            foreach (var (element, child) in node.children)
            {
                prefix.Add(element);
                foreach (var path in Walk(child, prefix))
                {
                    yield return path;
                }

                prefix.RemoveAt(prefix.Count - 1);
            }
        }
    }

    public FieldSet Union(FieldSet other)
    {
        var result = Clone();
        foreach (var path in other.Paths())
        {
            result.Insert(path);
        }

        return result;
    }

    public FieldSet Difference(FieldSet other)
    {
        var result = new FieldSet();
        foreach (var path in Paths().Where(p => !other.Contains(p)))
        {
            result.Insert(path);
        }

        return result;
    }

    public FieldSet Intersection(FieldSet other)
    {
        var result = new FieldSet();
        foreach (var path in Paths().Where(other.Contains))
        {
            result.Insert(path);
        }

        return result;
    }

    public FieldSet Clone() => FromPaths(Paths());

    public static FieldSet FromPaths(IEnumerable<IReadOnlyList<string>> paths)
    {
        var set = new FieldSet();
        foreach (var path in paths)
        {
            set.Insert(path);
        }

        return set;
    }

    private JsonObject ToNode()
    {
        var node = ToFieldsV1();
        if (IsMember && children.Count > 0)
        {
            node["."] = new JsonObject();
        }

        return node;
    }

    private static void Read(FieldSet set, JsonObject obj)
    {
        foreach (var (element, child) in obj)
        {
            if (element == ".")
            {
                set.IsMember = true;
                continue;
            }

            var next = new FieldSet();
            set.children[element] = next;
            if (child is JsonObject childObject && childObject.Count > 0)
            {
                Read(next, childObject);
            }
            else
            {
                next.IsMember = true;
            }
        }
    }
}
