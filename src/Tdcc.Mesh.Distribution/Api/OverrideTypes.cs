namespace Tdcc.Mesh.Distribution.Api;

/// <summary>Values of <c>overrides[].type</c> in Localization and Globalization.</summary>
public static class OverrideTypes
{
    /// <summary>An RFC 7386 JSON merge patch (<c>value</c>) of the feed's manifest.</summary>
    public const string MergePatch = "MergePatch";

    /// <summary>An RFC 6902 JSON patch (<c>value</c>, an array of operations) of the feed's manifest.</summary>
    public const string JsonPatch = "JSONPatch";

    /// <summary>Replaces parts of container images (<c>image</c>).</summary>
    public const string Image = "Image";

    /// <summary>Adds or replaces labels (<c>labels</c>); an empty value removes the label.</summary>
    public const string Labels = "Labels";

    /// <summary>Adds or replaces annotations (<c>annotations</c>); an empty value removes the annotation.</summary>
    public const string Annotations = "Annotations";

    /// <summary>Appends to or replaces a container's args (<c>args</c>).</summary>
    public const string Args = "Args";

    /// <summary>Sets environment variables of a container (<c>env</c>).</summary>
    public const string Env = "Env";

    /// <summary>Values merged over a Helm chart feed's values (<c>value</c>, an object); Helm feeds only.</summary>
    public const string HelmValues = "HelmValues";
}
