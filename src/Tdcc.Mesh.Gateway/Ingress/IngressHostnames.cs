namespace Tdcc.Mesh.Gateway.Ingress;

/// <summary>
/// Gateway API hostname matching: an exact name matches itself (case-insensitively); <c>*.example.com</c> matches any
/// name with one or more labels before <c>.example.com</c>, not <c>example.com</c> itself.
/// </summary>
internal static class IngressHostnames
{
    /// <summary>The request's host without port or trailing dot, lower case ("" when none).</summary>
    public static string Normalize(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return string.Empty;
        }

        return host.TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>True when <paramref name="host"/> (normalized) matches <paramref name="pattern"/>.</summary>
    public static bool Matches(string pattern, string host)
    {
        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            var suffix = pattern.AsSpan(1);
            return host.Length > suffix.Length && host.AsSpan().EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// How specific a listener hostname is for <paramref name="host"/>: exact beats any wildcard, a longer wildcard beats
    /// a shorter one, and no hostname matches everything least; -1 when it does not match.
    /// </summary>
    public static int Specificity(string? pattern, string host)
    {
        if (pattern is null)
        {
            return 0;
        }

        if (!Matches(pattern, host))
        {
            return -1;
        }

        return pattern.StartsWith("*.", StringComparison.Ordinal) ? 1 + pattern.Length : int.MaxValue;
    }
}
