namespace Tdcc.Mesh.ApiServer.Auth;

/// <summary>RBAC object names are path segments, not DNS names (kube's ValidatePathSegmentName), so <c>system:discovery</c> is valid.</summary>
internal static class RbacNames
{
    public const string Group = "rbac.authorization.k8s.io";

    public static IReadOnlyList<string> Validate(string name)
    {
        var errors = new List<string>();
        if (name is "." or "..")
        {
            errors.Add($"may not be '{name}'");
        }

        foreach (var illegal in new[] { "/", "%" })
        {
            if (name.Contains(illegal, StringComparison.Ordinal))
            {
                errors.Add($"may not contain '{illegal}'");
            }
        }

        return errors;
    }
}
