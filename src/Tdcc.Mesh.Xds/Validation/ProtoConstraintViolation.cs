namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// One protoc-gen-validate constraint a message breaks, as Envoy would report it before NACKing the resource.
/// </summary>
/// <param name="Path">
/// The field path from the validated message, in proto field names: <c>filter_chains[0].filters[0].typed_config(envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager).stat_prefix</c>.
/// Repeated elements get <c>[index]</c>, map values <c>["key"]</c>, and the payload of an <c>Any</c> its type in parentheses.
/// A required oneof that has no field set is reported under the oneof's name. Empty for the message itself.
/// </param>
/// <param name="Rule">The rule, as <c>&lt;kind&gt;.&lt;rule&gt;</c>: <c>string.min_len</c>, <c>duration.gt</c>, <c>repeated.min_items</c>, <c>oneof.required</c>, <c>uint32.gte_lte</c> (a range).</param>
/// <param name="Message">What is wrong, in protoc-gen-validate's words: <c>value length must be at least 1 runes</c>.</param>
public sealed record ProtoConstraintViolation(string Path, string Rule, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Path.Length == 0 ? $"{Message} ({Rule})" : $"{Path}: {Message} ({Rule})";
}
