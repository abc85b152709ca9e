using System.Text.RegularExpressions;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>Kubernetes' DNS-1123 name rules with its exact messages.</summary>
public static partial class NameValidation
{
    private const string LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    /// <summary>The problems with <paramref name="name"/> as a label (max 63) or subdomain (max 253), in kube's words.</summary>
    public static IReadOnlyList<string> Validate(string name, bool label)
    {
        var errors = new List<string>();
        if (label)
        {
            if (name.Length > 63)
            {
                errors.Add("must be no more than 63 characters");
            }

            if (!Label().IsMatch(name))
            {
                errors.Add(LabelMessage);
            }
        }
        else
        {
            if (name.Length > 253)
            {
                errors.Add("must be no more than 253 characters");
            }

            if (!Subdomain().IsMatch(name))
            {
                errors.Add(SubdomainMessage);
            }
        }

        return errors;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
