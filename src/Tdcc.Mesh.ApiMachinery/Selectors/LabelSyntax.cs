using System.Text.RegularExpressions;

namespace Tdcc.Mesh.ApiMachinery.Selectors;

/// <summary>
/// Kube's syntax rules for label keys (qualified names: also annotation and selector keys) and label values, with
/// kube's messages: the selector parser and the API server's object validation both use them.
/// </summary>
public static partial class LabelSyntax
{
    private const int NameMaxLength = 63;
    private const int PrefixMaxLength = 253;

    private const string NameFormatMessage =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
        "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string QualifiedNameMessage =
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
        "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') " +
        "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";

    private const string SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character " +
        "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string ValueFormatMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
        "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    /// <summary>Returns kube's complaints about a label key (empty when valid).</summary>
    public static IReadOnlyList<string> ValidateKey(string key)
    {
        var errors = new List<string>();
        var parts = key.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                var prefix = parts[0];
                if (prefix.Length == 0)
                {
                    errors.Add("prefix part must be non-empty");
                }
                else
                {
                    if (prefix.Length > PrefixMaxLength)
                    {
                        errors.Add($"prefix part must be no more than {PrefixMaxLength} characters");
                    }

                    if (!SubdomainRegex().IsMatch(prefix))
                    {
                        errors.Add("prefix part " + SubdomainMessage);
                    }
                }

                break;
            default:
                errors.Add(QualifiedNameMessage);
                return errors;
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (name.Length > NameMaxLength)
        {
            errors.Add($"name part must be no more than {NameMaxLength} characters");
        }

        // As kube's IsQualifiedName: an empty name part also fails the pattern.
        if (!NameRegex().IsMatch(name))
        {
            errors.Add(NameFormatMessage);
        }

        return errors;
    }

    /// <summary>Returns kube's complaints about a label value (empty when valid).</summary>
    public static IReadOnlyList<string> ValidateValue(string value)
    {
        var errors = new List<string>();
        if (value.Length > NameMaxLength)
        {
            errors.Add($"must be no more than {NameMaxLength} characters");
        }

        if (value.Length > 0 && !NameRegex().IsMatch(value))
        {
            errors.Add(ValueFormatMessage);
        }

        return errors;
    }

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SubdomainRegex();
}
