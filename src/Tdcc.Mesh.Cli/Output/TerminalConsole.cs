using System.Globalization;
using Spectre.Console;

namespace Tdcc.Mesh.Cli.Output;

/// <summary>
/// The console every command writes to. On a terminal: Spectre's detection (colours, the window's width). When
/// standard output is not a terminal (piped, redirected to a file or a log): no ANSI escape codes, no colours, and no
/// width limit, so tables are never squeezed to 80 columns (IPs and versions stay on one line). <c>COLUMNS</c>, when
/// set to a positive number, sets the width in both cases.
/// </summary>
internal static class TerminalConsole
{
    /// <summary>The width used when output is not a terminal and <c>COLUMNS</c> is not set: wide enough never to wrap a row.</summary>
    public const int UnlimitedWidth = 4096;

    /// <summary>The console for this process's standard output.</summary>
    public static IAnsiConsole ForStandardOutput() =>
        Create(Console.Out, Console.IsOutputRedirected, Environment.GetEnvironmentVariable("COLUMNS"));

    /// <summary>A console writing to <paramref name="output"/>; <paramref name="redirected"/> says it is not a terminal.</summary>
    public static IAnsiConsole Create(TextWriter output, bool redirected, string? columns)
    {
        var settings = new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) };
        if (redirected)
        {
            settings.Ansi = AnsiSupport.No;
            settings.ColorSystem = ColorSystemSupport.NoColors;
            settings.Interactive = InteractionSupport.No;
        }

        var console = AnsiConsole.Create(settings);
        if (Columns(columns) is { } width)
        {
            console.Profile.Width = width;
        }
        else if (redirected)
        {
            console.Profile.Width = UnlimitedWidth;
        }

        return console;
    }

    private static int? Columns(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var width) && width > 0 ? width : null;
}
