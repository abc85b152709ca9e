using System.Globalization;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Schema;
using Tdcc.Mesh.ApiServer.Errors;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>kube's <c>field.ErrorList</c>: causes with kube's reasons and message bodies (<c>Invalid value: -1: must be ...</c>).</summary>
internal sealed class FieldErrorList : List<StatusCause>
{
    public void Required(string path, string detail = "") =>
        Add(new StatusCause(FieldErrorReason.Required, "Required value" + (detail.Length == 0 ? string.Empty : ": " + detail), path));

    /// <summary>An invalid value; <paramref name="shown"/> is already printed the Go way.</summary>
    public void Invalid(string path, string shown, string detail) =>
        Add(new StatusCause(FieldErrorReason.Invalid, $"Invalid value: {shown}: {detail}", path));

    public void Invalid(string path, long value, string detail) => Invalid(path, value.ToString(CultureInfo.InvariantCulture), detail);

    public void InvalidString(string path, string value, string detail) => Invalid(path, GoFormat.Quote(value), detail);

    public void NotSupported(string path, string value, IEnumerable<string> supported) =>
        Add(new StatusCause(FieldErrorReason.NotSupported, $"Unsupported value: {GoFormat.Quote(value)}: supported values: {string.Join(", ", supported.Select(GoFormat.Quote))}", path));

    public void Duplicate(string path, string shown) =>
        Add(new StatusCause(FieldErrorReason.Duplicate, $"Duplicate value: {shown}", path));

    public void NotFound(string path, string shown) =>
        Add(new StatusCause("FieldValueNotFound", $"Not found: {shown}", path));

    public void Forbidden(string path, string detail) =>
        Add(new StatusCause(FieldErrorReason.Forbidden, "Forbidden: " + detail, path));

    public void TooLong(string path, long max) =>
        Add(new StatusCause(FieldErrorReason.TooLong, $"Too long: may not be more than {max.ToString(CultureInfo.InvariantCulture)} bytes", path));

    public void TooMany(string path, long actual, long max) =>
        Add(new StatusCause(FieldErrorReason.TooMany, $"Too many: {actual.ToString(CultureInfo.InvariantCulture)}: must have at most {max.ToString(CultureInfo.InvariantCulture)} items", path));

    /// <summary>Reports a value that is not one of <paramref name="supported"/> (absent values pass).</summary>
    public void Enum(JsonNode? node, string path, params string[] supported)
    {
        if (node is JsonValue && GoFormat.Text(node) is var value && !supported.Contains(value, StringComparer.Ordinal))
        {
            NotSupported(path, value, supported);
        }
    }
}
