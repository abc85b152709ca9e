namespace Tdcc.Mesh.ApiMachinery.Schema;

/// <summary>Formats the message of kube's 422 Invalid status from field errors.</summary>
public static class InvalidMessage
{
    /// <summary>
    /// <c>{kind} "{name}" is invalid: {error}</c>, or with several errors <c>... is invalid: [e1, e2]</c>
    /// (apimachinery's <c>NewInvalid</c>). Pass the qualified kind (<c>Widget.example.com</c>) for the status message;
    /// kubectl itself prints <c>The {details.kind} "{name}" is invalid: ...</c> from <c>details.causes</c>.
    /// </summary>
    public static string Format(string kind, string name, IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var head = $"{kind} \"{name}\" is invalid";
        return errors.Count switch
        {
            0 => head,
            1 => head + ": " + errors[0],
            _ => head + ": [" + string.Join(", ", errors) + "]",
        };
    }
}
