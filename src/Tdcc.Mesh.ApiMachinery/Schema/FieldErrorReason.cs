namespace Tdcc.Mesh.ApiMachinery.Schema;

/// <summary>Kube's <c>metav1.CauseType</c> values, used as <see cref="FieldError.Reason"/> and as the status cause reason.</summary>
public static class FieldErrorReason
{
    /// <summary>A required field is missing.</summary>
    public const string Required = "FieldValueRequired";

    /// <summary>A value is invalid (also used for type mismatches, whose message starts with "Invalid value").</summary>
    public const string Invalid = "FieldValueInvalid";

    /// <summary>A value is not one of the allowed values.</summary>
    public const string NotSupported = "FieldValueNotSupported";

    /// <summary>A value has the wrong type.</summary>
    public const string TypeInvalid = "FieldValueTypeInvalid";

    /// <summary>A value repeats in a set or map list.</summary>
    public const string Duplicate = "FieldValueDuplicate";

    /// <summary>A string is too long.</summary>
    public const string TooLong = "FieldValueTooLong";

    /// <summary>A list or map has too many entries.</summary>
    public const string TooMany = "FieldValueTooMany";

    /// <summary>A field may not be set.</summary>
    public const string Forbidden = "FieldValueForbidden";
}
