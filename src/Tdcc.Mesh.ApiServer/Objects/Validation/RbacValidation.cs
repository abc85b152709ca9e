using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>rbac.authorization.k8s.io/v1: rules of Roles and ClusterRoles, roleRef and subjects of bindings.</summary>
internal sealed class RbacValidation(bool binding, bool clusterScoped) : IKindValidation
{
    private const string Group = "rbac.authorization.k8s.io";

    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors)
    {
        if (binding)
        {
            ValidateBinding(obj, old, errors);
            return;
        }

        foreach (var (rule, at) in Fields.Items(obj["rules"], "rules"))
        {
            if ((rule["verbs"] as JsonArray)?.Count is null or 0)
            {
                errors.Required(Fields.Child(at, "verbs"), "verbs must contain at least one value");
            }

            if ((rule["nonResourceURLs"] as JsonArray)?.Count > 0)
            {
                if (!clusterScoped)
                {
                    errors.Invalid(Fields.Child(at, "nonResourceURLs"), StringList(rule["nonResourceURLs"]), "namespaced rules cannot apply to non-resource URLs");
                }

                if ((rule["apiGroups"] as JsonArray)?.Count > 0 || (rule["resources"] as JsonArray)?.Count > 0)
                {
                    errors.Invalid(Fields.Child(at, "nonResourceURLs"), StringList(rule["nonResourceURLs"]), "rules cannot apply to both regular resources and non-resource URLs");
                }

                continue;
            }

            if ((rule["apiGroups"] as JsonArray)?.Count is null or 0)
            {
                errors.Required(Fields.Child(at, "apiGroups"), "resource rules must supply at least one api group");
            }

            if ((rule["resources"] as JsonArray)?.Count is null or 0)
            {
                errors.Required(Fields.Child(at, "resources"), "resource rules must supply at least one resource");
            }
        }
    }

    private void ValidateBinding(JsonObject obj, JsonObject? old, FieldErrorList errors)
    {
        var roleRef = obj["roleRef"] as JsonObject;
        var group = Fields.Str(roleRef?["apiGroup"]) ?? string.Empty;
        if (group != Group)
        {
            errors.NotSupported("roleRef.apiGroup", group, [Group]);
        }

        var kind = Fields.Str(roleRef?["kind"]) ?? string.Empty;
        string[] kinds = clusterScoped ? ["ClusterRole"] : ["Role", "ClusterRole"];
        if (kind.Length == 0)
        {
            errors.Required("roleRef.kind");
        }
        else if (!kinds.Contains(kind, StringComparer.Ordinal))
        {
            errors.NotSupported("roleRef.kind", kind, kinds);
        }

        if (string.IsNullOrEmpty(Fields.Str(roleRef?["name"])))
        {
            errors.Required("roleRef.name");
        }

        foreach (var (subject, at) in Fields.Items(obj["subjects"], "subjects"))
        {
            if (string.IsNullOrEmpty(Fields.Str(subject["name"])))
            {
                errors.Required(Fields.Child(at, "name"));
            }

            switch (Fields.Str(subject["kind"]) ?? string.Empty)
            {
                case "ServiceAccount":
                    if (clusterScoped && string.IsNullOrEmpty(Fields.Str(subject["namespace"])))
                    {
                        errors.Required(Fields.Child(at, "namespace"));
                    }

                    break;
                case "User" or "Group":
                    break;
                case var other:
                    errors.NotSupported(Fields.Child(at, "kind"), other, ["ServiceAccount", "User", "Group"]);
                    break;
            }
        }

        if (old?["roleRef"] is JsonObject oldRef && roleRef is not null && !JsonNode.DeepEquals(oldRef, roleRef))
        {
            errors.Invalid("roleRef", $"rbac.RoleRef{{APIGroup:{GoFormat.Quote(group)}, Kind:{GoFormat.Quote(kind)}, Name:{GoFormat.Quote(Fields.Str(roleRef["name"]) ?? string.Empty)}}}", "cannot change roleRef");
        }
    }

    private static string StringList(JsonNode? list) =>
        "[]string{" + string.Join(", ", (list as JsonArray ?? []).Select(v => GoFormat.Quote(Fields.Str(v) ?? string.Empty))) + "}";
}
