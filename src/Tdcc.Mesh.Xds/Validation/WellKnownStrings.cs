using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Net.Sockets;
using System.Text;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// The <c>string.well_known</c> formats. The HTTP header checks are exact translations of protoc-gen-validate's
/// RE2 expressions (quoted in the messages); the others follow its C++/Go helpers as closely as .NET allows.
/// </summary>
internal static class WellKnownStrings
{
    /// <summary>protoc-gen-validate's strict HTTP_HEADER_NAME expression (an RFC 7230 token with an optional leading ':').</summary>
    public const string HeaderNamePattern = "^:?[0-9a-zA-Z!#$%&'*+-.^_|~\\x60]+$";

    /// <summary>protoc-gen-validate's strict HTTP_HEADER_VALUE expression (no control character but horizontal tab).</summary>
    public const string HeaderValuePattern = "^[^\\u0000-\\u0008\\u000A-\\u001F\\u007F]*$";

    /// <summary>The expression of both header kinds with <c>strict: false</c>: no NUL, CR or LF.</summary>
    public const string LooseHeaderPattern = "^[^\\u0000\\u000A\\u000D]*$";

    // The token characters besides letters and digits. The expression's "+-." is a range, so ',' is in it too.
    private const string HeaderNameSymbols = "!#$%&'*+,-.^_|~`";

    public static bool IsHeaderName(string value)
    {
        var name = value.AsSpan();
        if (name.StartsWith(":", StringComparison.Ordinal))
        {
            name = name[1..];
        }

        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !HeaderNameSymbols.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsHeaderValue(string value)
    {
        foreach (var c in value)
        {
            if ((c <= '\u0008') || (c >= '\u000A' && c <= '\u001F') || c == '\u007F')
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsLooseHeader(string value) => value.AsSpan().IndexOfAny('\0', '\n', '\r') < 0;

    /// <summary>RFC 1034 host name: at most 253 characters, labels of 1 to 63 letters, digits and inner hyphens, one trailing dot allowed.</summary>
    public static bool IsHostname(string value)
    {
        if (value.Length > 253)
        {
            return false;
        }

        var host = value.EndsWith('.') ? value[..^1] : value;
        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>A dotted quad as inet_pton accepts it: four decimal octets, no leading zeros.</summary>
    public static bool IsIpv4(string value)
    {
        var parts = value.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit)
                || int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An IPv6 address without brackets or zone.</summary>
    public static bool IsIpv6(string value) =>
        value.Contains(':', StringComparison.Ordinal)
        && value.AsSpan().IndexOfAny('%', '[', ']') < 0
        && IPAddress.TryParse(value, out var address)
        && address.AddressFamily == AddressFamily.InterNetworkV6;

    public static bool IsIp(string value) => IsIpv4(value) || IsIpv6(value);

    /// <summary>A host name or an IP address.</summary>
    public static bool IsAddress(string value) => IsHostname(value) || IsIp(value);

    /// <summary>An RFC 5322 address (as <see cref="MailAddress"/> parses it) whose local part has at most 64 bytes and whose domain is a host name.</summary>
    public static bool IsEmail(string value) =>
        value.Length <= 254
        && MailAddress.TryCreate(value, out var address)
        && Encoding.UTF8.GetByteCount(address.User) <= 64
        && IsHostname(address.Host);

    /// <summary>An absolute URI with an explicit scheme (so a bare path is not taken for a file URI).</summary>
    public static bool IsUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && value.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase);

    /// <summary>An absolute or relative URI reference.</summary>
    public static bool IsUriReference(string value) => Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out _);

    /// <summary>8-4-4-4-12 hexadecimal digits.</summary>
    public static bool IsUuid(string value)
    {
        if (value.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var ok = i is 8 or 13 or 18 or 23 ? value[i] == '-' : char.IsAsciiHexDigit(value[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
