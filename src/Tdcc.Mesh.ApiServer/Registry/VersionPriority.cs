using System.Globalization;
using System.Text.RegularExpressions;

namespace Tdcc.Mesh.ApiServer.Registry;

/// <summary>Kubernetes version ordering: GA before beta before alpha, higher numbers first, then other strings alphabetically.</summary>
internal static partial class VersionPriority
{
    /// <summary>Negative when <paramref name="a"/> has priority over <paramref name="b"/>.</summary>
    public static int Compare(string a, string b)
    {
        var (ra, ma, na) = Rank(a);
        var (rb, mb, nb) = Rank(b);
        if (ra != rb)
        {
            return ra.CompareTo(rb);
        }

        if (ra == 3)
        {
            return string.CompareOrdinal(a, b);
        }

        return ma != mb ? mb.CompareTo(ma) : nb.CompareTo(na) * -1;
    }

    private static (int Rank, int Major, int Minor) Rank(string version)
    {
        var match = KubeVersion().Match(version);
        if (!match.Success)
        {
            return (3, 0, 0);
        }

        var major = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        if (!match.Groups[2].Success)
        {
            return (0, major, 0);
        }

        var minor = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        return (match.Groups[2].Value == "beta" ? 1 : 2, major, minor);
    }

    [GeneratedRegex("^v([0-9]+)(?:(alpha|beta)([0-9]+))?$")]
    private static partial Regex KubeVersion();
}
