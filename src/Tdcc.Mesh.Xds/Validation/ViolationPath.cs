using System.Globalization;
using System.Text;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// The field path of the value being checked, kept as a stack of segments during the walk and only turned into a
/// string when a violation is reported.
/// </summary>
internal sealed class ViolationPath
{
    private readonly List<(string Text, bool Attached)> _segments = [];

    /// <summary>A field name: <c>.name</c>.</summary>
    public void PushField(string name) => _segments.Add((name, false));

    /// <summary>A repeated element: <c>[3]</c>.</summary>
    public void PushIndex(int index) => _segments.Add(("[" + index.ToString(CultureInfo.InvariantCulture) + "]", true));

    /// <summary>A map entry: <c>["key"]</c> for string keys, <c>[42]</c> otherwise.</summary>
    public void PushKey(object key) => _segments.Add(("[" + FormatKey(key) + "]", true));

    /// <summary>The payload of an Any: <c>(full.type.Name)</c>.</summary>
    public void PushType(string typeName) => _segments.Add(("(" + typeName + ")", true));

    public void Pop() => _segments.RemoveAt(_segments.Count - 1);

    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var (text, attached) in _segments)
        {
            if (!attached && builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(text);
        }

        return builder.ToString();
    }

    private static string FormatKey(object key) => key switch
    {
        string text => Quote(text),
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString() ?? string.Empty,
    };

    /// <summary>A string in double quotes, with quotes, backslashes and control characters escaped.</summary>
    internal static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}
