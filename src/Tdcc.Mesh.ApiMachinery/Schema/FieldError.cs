namespace Tdcc.Mesh.ApiMachinery.Schema;

/// <summary>
/// One validation failure as kube reports it in <c>status.details.causes</c>: <c>field</c>, <c>reason</c> (the cause type)
/// and <c>message</c> (e.g. <c>Invalid value: "string": spec.replicas in body must be of type integer: "string"</c>).
/// </summary>
/// <param name="Field">The field path, e.g. <c>spec.items[0].name</c>.</param>
/// <param name="Reason">A <see cref="FieldErrorReason"/> constant.</param>
/// <param name="Message">The error body without the field, as kube prints it.</param>
/// <param name="BadValue">The offending value as kube prints it (Go-quoted strings), or null.</param>
public sealed record FieldError(string Field, string Reason, string Message, string? BadValue = null)
{
    /// <summary><c>field: message</c>, kube's <c>field.Error.Error()</c>.</summary>
    public override string ToString() => Field.Length == 0 ? Message : Field + ": " + Message;

    internal static FieldError RequiredValue(string field, string detail = "") =>
        new(field, FieldErrorReason.Required, "Required value" + (detail.Length == 0 ? string.Empty : ": " + detail));

    internal static FieldError InvalidValue(string field, string badValue, string detail) =>
        new(field, FieldErrorReason.Invalid, $"Invalid value: {badValue}: {detail}", badValue);

    internal static FieldError TypeInvalidValue(string field, string badValue, string detail) =>
        new(field, FieldErrorReason.TypeInvalid, $"Invalid value: {badValue}: {detail}", badValue);

    internal static FieldError NotSupportedValue(string field, string badValue, IEnumerable<string> supported) =>
        new(field, FieldErrorReason.NotSupported, $"Unsupported value: {badValue}: supported values: {string.Join(", ", supported)}", badValue);

    internal static FieldError DuplicateValue(string field, string badValue) =>
        new(field, FieldErrorReason.Duplicate, $"Duplicate value: {badValue}", badValue);

    internal static FieldError TooLongValue(string field, long max) =>
        new(field, FieldErrorReason.TooLong, $"Too long: may not be more than {max} bytes");

    internal static FieldError TooManyValues(string field, long actual, long max) =>
        new(field, FieldErrorReason.TooMany, $"Too many: {actual}: must have at most {max} items", actual.ToString(System.Globalization.CultureInfo.InvariantCulture));

    internal static FieldError ForbiddenValue(string field, string detail) =>
        new(field, FieldErrorReason.Forbidden, "Forbidden: " + detail);
}
