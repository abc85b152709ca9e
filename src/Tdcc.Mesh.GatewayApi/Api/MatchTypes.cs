namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary>Values of the <c>type</c> field of path, header and method matches.</summary>
public static class MatchTypes
{
    /// <summary>The value equals the request's (the default of every match type).</summary>
    public const string Exact = "Exact";

    /// <summary>HTTP path: the path starts with the value, element by element.</summary>
    public const string PathPrefix = "PathPrefix";

    /// <summary>The value is a regular expression (RE2 in this mesh).</summary>
    public const string RegularExpression = "RegularExpression";
}
