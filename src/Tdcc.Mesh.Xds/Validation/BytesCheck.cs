using System.Globalization;
using System.Text;
using Google.Protobuf;
using Tdcc.Mesh.Xds.Protos.Validate;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// <c>bytes</c> rules: const, lengths, pattern (on the bytes read as UTF-8), prefix, suffix, contains, in, not_in,
/// ip/ipv4/ipv6 (4 or 16 bytes), and ignore_empty.
/// </summary>
internal sealed class BytesCheck : ValueCheck
{
    private readonly BytesRules _rules;
    private readonly ByteString[] _in;
    private readonly ByteString[] _notIn;
    private readonly Re2Pattern? _pattern;

    public BytesCheck(BytesRules rules, TimeSpan regexTimeout)
    {
        _rules = rules;
        _in = [.. rules.In];
        _notIn = [.. rules.NotIn];
        _pattern = rules.HasPattern ? new Re2Pattern(rules.Pattern, regexTimeout) : null;
    }

    public override void Check(object? value, ValidationContext context)
    {
        if (value is not ByteString bytes || (_rules.IgnoreEmpty && bytes.IsEmpty))
        {
            return;
        }

        var rules = _rules;
        var span = bytes.Span;
        if (rules.HasConst && !span.SequenceEqual(rules.Const.Span))
        {
            context.Report("bytes.const", "value must equal " + RuleText.Hex(rules.Const));
        }

        if (_in.Length > 0 && !_in.Contains(bytes))
        {
            context.Report("bytes.in", "value must be in list " + RuleText.List(_in, RuleText.Hex));
        }

        if (_notIn.Contains(bytes))
        {
            context.Report("bytes.not_in", "value must not be in list " + RuleText.List(_notIn, RuleText.Hex));
        }

        CheckLength((ulong)bytes.Length, context);
        if (rules.HasPrefix && !span.StartsWith(rules.Prefix.Span))
        {
            context.Report("bytes.prefix", "value does not have prefix " + RuleText.Hex(rules.Prefix));
        }

        if (rules.HasSuffix && !span.EndsWith(rules.Suffix.Span))
        {
            context.Report("bytes.suffix", "value does not have suffix " + RuleText.Hex(rules.Suffix));
        }

        if (rules.HasContains && span.IndexOf(rules.Contains.Span) < 0)
        {
            context.Report("bytes.contains", "value does not contain " + RuleText.Hex(rules.Contains));
        }

        _pattern?.Check(Encoding.UTF8.GetString(span), "bytes.pattern", context);
        switch (rules.WellKnownCase)
        {
            case BytesRules.WellKnownOneofCase.Ip when rules.Ip && bytes.Length is not (4 or 16):
                context.Report("bytes.ip", "value must be a valid IP address (4 or 16 bytes)");
                break;
            case BytesRules.WellKnownOneofCase.Ipv4 when rules.Ipv4 && bytes.Length != 4:
                context.Report("bytes.ipv4", "value must be a valid IPv4 address (4 bytes)");
                break;
            case BytesRules.WellKnownOneofCase.Ipv6 when rules.Ipv6 && bytes.Length != 16:
                context.Report("bytes.ipv6", "value must be a valid IPv6 address (16 bytes)");
                break;
        }
    }

    private void CheckLength(ulong length, ValidationContext context)
    {
        var rules = _rules;
        if (rules.HasLen)
        {
            if (length != rules.Len)
            {
                context.Report("bytes.len", $"value length must be {Text(rules.Len)} bytes");
            }
        }
        else if (rules.HasMinLen && rules.HasMaxLen)
        {
            if (rules.MinLen == rules.MaxLen && length != rules.MinLen)
            {
                context.Report(length < rules.MinLen ? "bytes.min_len" : "bytes.max_len", $"value length must be {Text(rules.MinLen)} bytes");
            }
            else if (length < rules.MinLen || length > rules.MaxLen)
            {
                context.Report(length < rules.MinLen ? "bytes.min_len" : "bytes.max_len", $"value length must be between {Text(rules.MinLen)} and {Text(rules.MaxLen)} bytes, inclusive");
            }
        }
        else if (rules.HasMinLen && length < rules.MinLen)
        {
            context.Report("bytes.min_len", $"value length must be at least {Text(rules.MinLen)} bytes");
        }
        else if (rules.HasMaxLen && length > rules.MaxLen)
        {
            context.Report("bytes.max_len", $"value length must be at most {Text(rules.MaxLen)} bytes");
        }
    }

    private static string Text(ulong number) => number.ToString(CultureInfo.InvariantCulture);
}
