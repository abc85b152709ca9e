using System.Globalization;
using System.Text;
using Tdcc.Mesh.Xds.Protos.Validate;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// <c>string</c> rules: const, in, not_in, lengths in runes (Unicode code points) and in UTF-8 bytes, prefix, suffix,
/// contains, not_contains, pattern, the well-known formats, and ignore_empty (skip everything for "").
/// </summary>
internal sealed class StringCheck : ValueCheck
{
    private readonly StringRules _rules;
    private readonly string[] _in;
    private readonly string[] _notIn;
    private readonly Re2Pattern? _pattern;

    public StringCheck(StringRules rules, TimeSpan regexTimeout)
    {
        _rules = rules;
        _in = [.. rules.In];
        _notIn = [.. rules.NotIn];
        _pattern = rules.HasPattern ? new Re2Pattern(rules.Pattern, regexTimeout) : null;
    }

    public override void Check(object? value, ValidationContext context)
    {
        if (value is not string text || (_rules.IgnoreEmpty && text.Length == 0))
        {
            return;
        }

        var rules = _rules;
        if (rules.HasConst && !string.Equals(text, rules.Const, StringComparison.Ordinal))
        {
            context.Report("string.const", "value must equal " + RuleText.Quoted(rules.Const));
        }

        if (_in.Length > 0 && !_in.Contains(text, StringComparer.Ordinal))
        {
            context.Report("string.in", "value must be in list " + RuleText.List(_in, RuleText.Quoted));
        }

        if (_notIn.Contains(text, StringComparer.Ordinal))
        {
            context.Report("string.not_in", "value must not be in list " + RuleText.List(_notIn, RuleText.Quoted));
        }

        if (rules.HasLen || rules.HasMinLen || rules.HasMaxLen)
        {
            CheckLength((ulong)text.EnumerateRunes().Count(), rules.HasLen ? rules.Len : null, rules.HasMinLen ? rules.MinLen : null, rules.HasMaxLen ? rules.MaxLen : null, Unit.Runes, context);
        }

        if (rules.HasLenBytes || rules.HasMinBytes || rules.HasMaxBytes)
        {
            CheckLength((ulong)Encoding.UTF8.GetByteCount(text), rules.HasLenBytes ? rules.LenBytes : null, rules.HasMinBytes ? rules.MinBytes : null, rules.HasMaxBytes ? rules.MaxBytes : null, Unit.Bytes, context);
        }

        if (rules.HasPrefix && !text.StartsWith(rules.Prefix, StringComparison.Ordinal))
        {
            context.Report("string.prefix", "value does not have prefix " + RuleText.Quoted(rules.Prefix));
        }

        if (rules.HasSuffix && !text.EndsWith(rules.Suffix, StringComparison.Ordinal))
        {
            context.Report("string.suffix", "value does not have suffix " + RuleText.Quoted(rules.Suffix));
        }

        if (rules.HasContains && !text.Contains(rules.Contains, StringComparison.Ordinal))
        {
            context.Report("string.contains", "value does not contain substring " + RuleText.Quoted(rules.Contains));
        }

        if (rules.HasNotContains && text.Contains(rules.NotContains, StringComparison.Ordinal))
        {
            context.Report("string.not_contains", "value contains substring " + RuleText.Quoted(rules.NotContains));
        }

        _pattern?.Check(text, "string.pattern", context);
        CheckWellKnown(text, context);
    }

    /// <summary>
    /// Lengths as protoc-gen-validate words them: an exact length (<c>len</c>, <c>len_bytes</c>, or equal min and
    /// max), a closed range, or one bound.
    /// </summary>
    private static void CheckLength(ulong length, ulong? exact, ulong? min, ulong? max, Unit kind, ValidationContext context)
    {
        var (exactRule, minRule, maxRule, unit) = kind == Unit.Runes
            ? ("string.len", "string.min_len", "string.max_len", "runes")
            : ("string.len_bytes", "string.min_bytes", "string.max_bytes", "bytes");
        if (exact is { } len)
        {
            if (length != len)
            {
                context.Report(exactRule, $"value length must be {Text(len)} {unit}");
            }
        }
        else if (min is { } lower && max is { } upper)
        {
            if (lower == upper && length != lower)
            {
                context.Report(length < lower ? minRule : maxRule, $"value length must be {Text(lower)} {unit}");
            }
            else if (length < lower || length > upper)
            {
                context.Report(length < lower ? minRule : maxRule, $"value length must be between {Text(lower)} and {Text(upper)} {unit}, inclusive");
            }
        }
        else if (min is { } atLeast && length < atLeast)
        {
            context.Report(minRule, $"value length must be at least {Text(atLeast)} {unit}");
        }
        else if (max is { } atMost && length > atMost)
        {
            context.Report(maxRule, $"value length must be at most {Text(atMost)} {unit}");
        }
    }

    private void CheckWellKnown(string text, ValidationContext context)
    {
        var rules = _rules;
        switch (rules.WellKnownCase)
        {
            case StringRules.WellKnownOneofCase.Email when rules.Email && !WellKnownStrings.IsEmail(text):
                context.Report("string.email", "value must be a valid email address");
                break;
            case StringRules.WellKnownOneofCase.Hostname when rules.Hostname && !WellKnownStrings.IsHostname(text):
                context.Report("string.hostname", "value must be a valid hostname");
                break;
            case StringRules.WellKnownOneofCase.Ip when rules.Ip && !WellKnownStrings.IsIp(text):
                context.Report("string.ip", "value must be a valid IP address");
                break;
            case StringRules.WellKnownOneofCase.Ipv4 when rules.Ipv4 && !WellKnownStrings.IsIpv4(text):
                context.Report("string.ipv4", "value must be a valid IPv4 address");
                break;
            case StringRules.WellKnownOneofCase.Ipv6 when rules.Ipv6 && !WellKnownStrings.IsIpv6(text):
                context.Report("string.ipv6", "value must be a valid IPv6 address");
                break;
            case StringRules.WellKnownOneofCase.Uri when rules.Uri && !WellKnownStrings.IsUri(text):
                context.Report("string.uri", "value must be a valid, absolute URI");
                break;
            case StringRules.WellKnownOneofCase.UriRef when rules.UriRef && !WellKnownStrings.IsUriReference(text):
                context.Report("string.uri_ref", "value must be a valid URI");
                break;
            case StringRules.WellKnownOneofCase.Address when rules.Address && !WellKnownStrings.IsAddress(text):
                context.Report("string.address", "value must be a valid hostname, or ip address");
                break;
            case StringRules.WellKnownOneofCase.Uuid when rules.Uuid && !WellKnownStrings.IsUuid(text):
                context.Report("string.uuid", "value must be a valid UUID");
                break;
            case StringRules.WellKnownOneofCase.WellKnownRegex:
                CheckHeader(text, rules.WellKnownRegex, rules.Strict, context);
                break;
        }
    }

    /// <summary><c>strict</c> defaults to true; <c>strict: false</c> only forbids NUL, CR and LF, for names and values alike.</summary>
    private static void CheckHeader(string text, KnownRegex kind, bool strict, ValidationContext context)
    {
        var (ok, pattern) = (kind, strict) switch
        {
            (KnownRegex.HttpHeaderName, true) => (WellKnownStrings.IsHeaderName(text), WellKnownStrings.HeaderNamePattern),
            (KnownRegex.HttpHeaderValue, true) => (WellKnownStrings.IsHeaderValue(text), WellKnownStrings.HeaderValuePattern),
            (KnownRegex.HttpHeaderName or KnownRegex.HttpHeaderValue, false) => (WellKnownStrings.IsLooseHeader(text), WellKnownStrings.LooseHeaderPattern),
            _ => (true, string.Empty),
        };
        if (!ok)
        {
            context.Report("string.well_known_regex", "value does not match regex pattern " + RuleText.Quoted(pattern));
        }
    }

    private static string Text(ulong number) => number.ToString(CultureInfo.InvariantCulture);

    private enum Unit
    {
        Runes,
        Bytes,
    }
}
