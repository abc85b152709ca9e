namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>resource.ParseQuantity's acceptance rules: a signed decimal number and one known suffix.</summary>
internal static class QuantityText
{
    private static readonly HashSet<string> Suffixes = new(StringComparer.Ordinal) { string.Empty, "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E" };

    public enum Result
    {
        Ok,
        BadFormat,
        BadSuffix,
    }

    public static Result Check(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return Result.BadFormat;
        }

        var pos = 0;
        if (text[0] is '+' or '-')
        {
            pos++;
        }

        var digits = 0;
        var dots = 0;
        while (pos < text.Length && (char.IsAsciiDigit(text[pos]) || text[pos] == '.'))
        {
            if (text[pos] == '.')
            {
                if (++dots > 1)
                {
                    return Result.BadFormat;
                }
            }
            else
            {
                digits++;
            }

            pos++;
        }

        if (digits == 0)
        {
            return Result.BadFormat;
        }

        var suffixStart = pos;
        while (pos < text.Length && "eEinumkKMGTP".Contains(text[pos], StringComparison.Ordinal))
        {
            pos++;
        }

        if (pos < text.Length && text[pos] is '+' or '-')
        {
            pos++;
        }

        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            pos++;
        }

        if (pos < text.Length)
        {
            return Result.BadFormat;
        }

        var suffix = text[suffixStart..];
        if (Suffixes.Contains(suffix))
        {
            return Result.Ok;
        }

        return suffix.Length > 1 && suffix[0] is 'e' or 'E' && long.TryParse(suffix.AsSpan(1), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? Result.Ok
            : Result.BadSuffix;
    }
}
