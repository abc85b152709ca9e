using System.CommandLine;
using System.Globalization;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// A flag of the <c>hub</c> and <c>agent</c> processes that may also come from the environment: <c>--http-address</c>
/// ← <c>TDCC_HTTP_ADDRESS</c> (docs/operator.md). The command line wins; the default applies when neither is given.
/// </summary>
internal sealed class EnvironmentFlag
{
    private readonly string? _default;

    public EnvironmentFlag(string name, string description, string? defaultValue = null)
    {
        Option = new Option<string?>(name) { Description = defaultValue is null ? description : $"{description} (default {defaultValue})" };
        Variable = "TDCC_" + name.TrimStart('-').Replace('-', '_').ToUpperInvariant();
        _default = defaultValue;
    }

    public Option<string?> Option { get; }

    /// <summary>The environment variable read when the flag is absent.</summary>
    public string Variable { get; }

    /// <summary>The flag's value, else the environment variable's, else the default.</summary>
    public string? Read(ParseResult parse, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(environment);
        if (parse.GetValue(Option) is { } flag)
        {
            return flag;
        }

        return environment(Variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : _default;
    }

    /// <summary>The value as a boolean (<c>true</c>/<c>false</c>); throws <see cref="FormatException"/> naming the flag.</summary>
    public bool ReadBool(ParseResult parse, Func<string, string?> environment) =>
        Read(parse, environment) is { } text
            ? bool.TryParse(text, out var value) ? value : throw new FormatException($"{Option.Name}: '{text}' is not true or false")
            : false;

    /// <summary>The value as a duration (<c>15s</c>, <c>1m</c>), or <paramref name="fallback"/> when absent.</summary>
    public TimeSpan ReadDuration(ParseResult parse, Func<string, string?> environment, TimeSpan fallback)
    {
        var text = Read(parse, environment);
        try
        {
            return text is null ? fallback : Hosting.Configuration.Duration.Parse(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{Option.Name}: {e.Message}", e);
        }
    }

    /// <summary>The value as an enum member, case-insensitive, or <paramref name="fallback"/> when absent.</summary>
    public TEnum ReadEnum<TEnum>(ParseResult parse, Func<string, string?> environment, TEnum fallback)
        where TEnum : struct, Enum
    {
        var text = Read(parse, environment);
        return text is null ? fallback
            : Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{Option.Name}: '{text}' is not one of {string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}"));
    }
}
