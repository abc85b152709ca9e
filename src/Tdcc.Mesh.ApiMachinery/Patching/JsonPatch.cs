using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Patching;

/// <summary>JSON patch (RFC 6902), <c>application/json-patch+json</c>. Inputs are never mutated.</summary>
public static class JsonPatch
{
    /// <summary>The most operations one patch may hold (kube's <c>maxJSONPatchOperations</c>).</summary>
    public const int MaxOperations = 10000;

    /// <summary>
    /// The most bytes all <c>copy</c> operations of one patch may add together (kube's <c>JSONPatchMaxCopyBytes</c>,
    /// 3 MiB), so a small patch cannot double an array into a huge object.
    /// </summary>
    public const long DefaultMaxCopyBytes = 3 * 1024 * 1024;

    /// <summary>Applies the operations of <paramref name="patchDocument"/> in order to a copy of <paramref name="target"/>.</summary>
    /// <exception cref="PatchException">
    /// <see cref="PatchErrorKind.BadRequest"/> for a malformed document, <see cref="PatchErrorKind.Invalid"/> when a path
    /// does not exist or the copies add more than <paramref name="maxCopyBytes"/>, <see cref="PatchErrorKind.Conflict"/>
    /// when a <c>test</c> operation fails, <see cref="PatchErrorKind.TooLarge"/> for more than <see cref="MaxOperations"/>
    /// operations.
    /// </exception>
    public static JsonNode Apply(JsonNode target, JsonNode patchDocument, long maxCopyBytes = DefaultMaxCopyBytes)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (patchDocument is not JsonArray operations)
        {
            throw new PatchException(PatchErrorKind.BadRequest, "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        if (operations.Count > MaxOperations)
        {
            throw new PatchException(PatchErrorKind.TooLarge, $"The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}");
        }

        JsonNode? document = target.DeepClone();
        var copied = new CopyBudget(maxCopyBytes);
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op)
            {
                throw new PatchException(PatchErrorKind.BadRequest, "json: cannot unmarshal non-object into Go value of type jsonpatch.Operation");
            }

            document = ApplyOperation(document, op, copied);
        }

        return document ?? throw new PatchException(PatchErrorKind.Invalid, "the patch replaced the whole document with null");
    }

    private static JsonNode? ApplyOperation(JsonNode? document, JsonObject op, CopyBudget copied)
    {
        var kind = StringMember(op, "op");
        var path = StringMember(op, "path") ?? throw new PatchException(PatchErrorKind.BadRequest, $"{kind ?? "unknown"} operation missing path");
        switch (kind)
        {
            case "add":
                return Add(document, path, RequiredValue(op, kind));
            case "remove":
                return Remove(document, path, out _);
            case "replace":
                Get(document, path, kind);
                return Add(Remove(document, path, out _), path, RequiredValue(op, kind));
            case "move":
                {
                    var from = StringMember(op, "from") ?? throw new PatchException(PatchErrorKind.BadRequest, "move operation missing from");
                    if (path.StartsWith(from + "/", StringComparison.Ordinal))
                    {
                        throw new PatchException(PatchErrorKind.Invalid, $"move operation cannot move \"{from}\" into its own child \"{path}\"");
                    }

                    Get(document, from, kind);
                    document = Remove(document, from, out var moved);
                    return Add(document, path, moved);
                }

            case "copy":
                {
                    var from = StringMember(op, "from") ?? throw new PatchException(PatchErrorKind.BadRequest, "copy operation missing from");
                    var source = Get(document, from, kind);
                    copied.Charge(source);
                    return Add(document, path, source?.DeepClone());
                }

            case "test":
                {
                    var expected = RequiredValue(op, kind);
                    var found = TryGet(document, path, out var actual);
                    if (!found || !JsonNode.DeepEquals(actual, expected))
                    {
                        throw new PatchException(PatchErrorKind.Conflict, $"testing value {path} failed: test failed");
                    }

                    return document;
                }

            default:
                throw new PatchException(PatchErrorKind.BadRequest, $"Unexpected kind: {kind}");
        }
    }

    private static string? StringMember(JsonObject op, string name) =>
        op[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static JsonNode? RequiredValue(JsonObject op, string kind) =>
        op.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw new PatchException(PatchErrorKind.BadRequest, $"{kind} operation missing value");

    private static JsonNode? Get(JsonNode? document, string path, string kind) =>
        TryGet(document, path, out var value)
            ? value
            : throw new PatchException(PatchErrorKind.Invalid, $"{kind} operation does not apply: doc is missing path: \"{path}\": missing value");

    private static bool TryGet(JsonNode? document, string path, out JsonNode? value)
    {
        value = document;
        foreach (var token in JsonPointer.Parse(path))
        {
            switch (value)
            {
                case JsonObject obj when obj.TryGetPropertyValue(token, out var child):
                    value = child;
                    break;
                case JsonArray array when JsonPointer.ParseIndex(token) is int index && index < array.Count:
                    value = array[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return true;
    }

    private static (JsonNode? Parent, string Token) Parent(JsonNode? document, string path, string kind)
    {
        var tokens = JsonPointer.Parse(path);
        var parentPath = string.Concat(tokens.Take(tokens.Count - 1).Select(t => "/" + t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        if (!TryGet(document, parentPath, out var parent) || parent is not (JsonObject or JsonArray))
        {
            throw new PatchException(PatchErrorKind.Invalid, $"{kind} operation does not apply: doc is missing path: \"{path}\": missing value");
        }

        return (parent, tokens[^1]);
    }

    private static JsonNode? Add(JsonNode? document, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value;
        }

        var (parent, token) = Parent(document, path, "add");
        if (parent is JsonObject obj)
        {
            obj[token] = value;
            return document;
        }

        var array = (JsonArray)parent!;
        if (token == "-")
        {
            array.Add(value);
            return document;
        }

        if (JsonPointer.ParseIndex(token) is not int index || index > array.Count)
        {
            throw new PatchException(PatchErrorKind.Invalid, $"add operation does not apply: index out of bounds: \"{path}\"");
        }

        array.Insert(index, value);
        return document;
    }

    private static JsonNode? Remove(JsonNode? document, string path, out JsonNode? removed)
    {
        if (path.Length == 0)
        {
            removed = document;
            return null;
        }

        var (parent, token) = Parent(document, path, "remove");
        if (parent is JsonObject obj)
        {
            if (!obj.TryGetPropertyValue(token, out removed))
            {
                throw new PatchException(PatchErrorKind.Invalid, $"remove operation does not apply: doc is missing path: \"{path}\": missing value");
            }

            obj.Remove(token);
            return document;
        }

        var array = (JsonArray)parent!;
        if (JsonPointer.ParseIndex(token) is not int index || index >= array.Count)
        {
            throw new PatchException(PatchErrorKind.Invalid, $"remove operation does not apply: doc is missing path: \"{path}\": missing value");
        }

        removed = array[index];
        array.RemoveAt(index);
        return document;
    }

    /// <summary>What the copies of one patch have added so far, charged before each copy is made.</summary>
    private sealed class CopyBudget(long limit)
    {
        private long _used;

        public void Charge(JsonNode? source)
        {
            // The source is part of the document, which is bounded, so measuring it costs at most its own size.
            _used += source is null ? 4 : System.Text.Encoding.UTF8.GetByteCount(source.ToJsonString());
            if (_used > limit)
            {
                throw new PatchException(
                    PatchErrorKind.Invalid,
                    $"Unable to copy, the accumulated size increase of copy is {_used}, exceeding the limit {limit}");
            }
        }
    }
}
