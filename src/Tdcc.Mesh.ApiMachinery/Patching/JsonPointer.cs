namespace Tdcc.Mesh.ApiMachinery.Patching;

/// <summary>RFC 6901 JSON pointers: <c>/a/b~1c/0</c>, with <c>~0</c> for <c>~</c> and <c>~1</c> for <c>/</c>.</summary>
internal static class JsonPointer
{
    /// <summary>Splits a pointer into unescaped reference tokens; the empty pointer is the whole document.</summary>
    public static IReadOnlyList<string> Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new PatchException(PatchErrorKind.BadRequest, $"JSON pointer must be empty or start with a \"/\": \"{pointer}\"");
        }

        return pointer[1..].Split('/')
            .Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))
            .ToArray();
    }

    /// <summary>Parses an array index token: digits only, no leading zero; null when not an index.</summary>
    public static int? ParseIndex(string token)
    {
        if (token.Length == 0 || token.Length > 9 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit))
        {
            return null;
        }

        return int.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
    }
}
