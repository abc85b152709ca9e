using System.Globalization;
using Google.Protobuf;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>How rule operands appear in violation messages.</summary>
internal static class RuleText
{
    public static string Number<T>(T value)
        where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    public static string List<T>(IEnumerable<T> items, Func<T, string> format) => "[" + string.Join(", ", items.Select(format)) + "]";

    public static string Quoted(string text) => ViolationPath.Quote(text);

    public static string Hex(ByteString bytes) => "0x" + Convert.ToHexString(bytes.Span);
}
