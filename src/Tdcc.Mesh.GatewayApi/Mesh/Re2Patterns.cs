using System.Text;
using System.Text.RegularExpressions;

namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>
/// Regular expressions as gRPC and Envoy read them (RE2): a check that rejects what RE2 cannot run (lookarounds,
/// backreferences, atomic groups) or what does not parse, and escaping of literals.
/// </summary>
public static class Re2Patterns
{
    private static readonly string[] Unsupported = ["(?=", "(?!", "(?<=", "(?<!", "(?>", "\\k<"];
    private const string Special = "\\.+*?()|[]{}^$";

    /// <summary>Null when <paramref name="pattern"/> is usable, else why not.</summary>
    public static string? Problem(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        foreach (var construct in Unsupported)
        {
            if (pattern.Contains(construct, StringComparison.Ordinal))
            {
                return $"'{construct}' is not supported by RE2";
            }
        }

        for (var i = 0; i < pattern.Length - 1; i++)
        {
            if (pattern[i] == '\\')
            {
                if (pattern[i + 1] is >= '1' and <= '9')
                {
                    return "backreferences are not supported by RE2";
                }

                i++;
            }
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException e)
        {
            return "not a valid regular expression: " + e.Message;
        }
    }

    /// <summary><paramref name="literal"/> with every RE2 metacharacter escaped.</summary>
    public static string Escape(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        var builder = new StringBuilder(literal.Length + 8);
        foreach (var c in literal)
        {
            if (Special.Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
