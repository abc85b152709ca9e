using System.Globalization;
using System.Text;

namespace Tdcc.Mesh.Metrics.Exposition;

/// <summary>The escaping and number rules of the text exposition format 0.0.4.</summary>
internal static class PrometheusText
{
    /// <summary>A label value: backslash, double quote and line feed are escaped.</summary>
    public static void AppendLabelValue(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }

    /// <summary>A HELP docstring: backslash and line feed are escaped, quotes are not.</summary>
    public static void AppendHelp(StringBuilder builder, string help)
    {
        foreach (var c in help)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }

    /// <summary>A sample value or bucket bound: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, or the shortest round-trip form.</summary>
    public static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
