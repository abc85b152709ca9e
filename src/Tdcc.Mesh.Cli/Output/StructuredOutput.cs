using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tdcc.Mesh.Cli.Output;

/// <summary>
/// The <c>--output table|json|yaml</c> option every table command shares, and the writer of its JSON and YAML forms:
/// written raw to the console's output (never marked up or wrapped), one document, ending with a newline.
/// </summary>
internal static class StructuredOutput
{
    /// <summary>The <c>--output</c>/<c>-o</c> option: <c>table</c> (default), <c>json</c> or <c>yaml</c>.</summary>
    public static Option<string> CreateOption(string what)
    {
        var option = new Option<string>("--output", "-o") { Description = $"table, json or yaml ({what})", DefaultValueFactory = _ => "table" };
        option.AcceptOnlyFromAmong("table", "json", "yaml");
        return option;
    }

    /// <summary>The format an <c>--output</c> value names.</summary>
    public static OutputFormat Parse(string? value) => value switch
    {
        "json" => OutputFormat.Json,
        "yaml" => OutputFormat.Yaml,
        _ => OutputFormat.Table,
    };

    /// <summary>Writes <paramref name="document"/> as JSON (indented) or YAML.</summary>
    public static async Task WriteAsync(IAnsiConsole console, JsonNode document, OutputFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(document);
        var text = format == OutputFormat.Yaml ? ToYaml(document) : ToJson(document);
        var writer = console.Profile.Out.Writer;
        await writer.WriteAsync(text.EndsWith('\n') ? text : text + "\n").ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Indented JSON.</summary>
    public static string ToJson(JsonNode document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Block-style YAML of a JSON document; strings that would read back as another type are quoted.</summary>
    public static string ToYaml(JsonNode document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, document);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case JsonObject map:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
                foreach (var (key, value) in map)
                {
                    EmitString(emitter, key);
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray list:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in list)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                // A string, or a value JSON writes as one (a date): its JSON text decoded.
                EmitString(emitter, value.TryGetValue<string>(out var text) ? text : DecodeString(value));
                break;
            default:
                // Numbers and booleans: their JSON text is their YAML text.
                emitter.Emit(new Scalar(null, null, node.ToJsonString(), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
        }
    }

    private static string DecodeString(JsonValue value)
    {
        using var json = JsonDocument.Parse(value.ToJsonString());
        return json.RootElement.GetString() ?? string.Empty;
    }

    private static void EmitString(IEmitter emitter, string value)
    {
        var style = LooksLikeAnotherType(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, value, style, isPlainImplicit: true, isQuotedImplicit: true));
    }

    /// <summary>
    /// Plain scalars a YAML 1.1 or 1.2 reader could take for null, a boolean, a number or a timestamp: the keywords, and
    /// anything that starts like a number (a digit, or a sign or dot before one), such as dates and times.
    /// </summary>
    private static bool LooksLikeAnotherType(string value) =>
        value.Length == 0
        || char.IsAsciiDigit(value[0])
        || (value.Length > 1 && value[0] is '+' or '-' or '.' && (char.IsAsciiDigit(value[1]) || value[1] == '.'))
        || value is "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "yes" or "Yes" or "YES" or "no" or "No" or "NO" or "on" or "On" or "ON" or "off" or "Off" or "OFF" or "y" or "Y" or "n" or "N"
        || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || (value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && value.Length > 2)
        || (value.StartsWith("0o", StringComparison.OrdinalIgnoreCase) && value.Length > 2)
        || value is ".inf" or "-.inf" or "+.inf" or ".nan" or ".NaN" or ".Inf" or "-.Inf";
}
