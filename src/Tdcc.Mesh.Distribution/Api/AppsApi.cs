namespace Tdcc.Mesh.Distribution.Api;

/// <summary>The API group and version of the distribution kinds.</summary>
public static class AppsApi
{
    /// <summary>The API group: <c>apps.tdcc.io</c>.</summary>
    public const string Group = "apps.tdcc.io";

    /// <summary>The served version.</summary>
    public const string Version = "v1alpha1";

    /// <summary><c>apps.tdcc.io/v1alpha1</c>.</summary>
    public const string ApiVersion = Group + "/" + Version;
}
