using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Tdcc.Mesh.Cli.Output;

/// <summary>Writes log entries to the terminal through Spectre.Console, one line each (exceptions by type and message).</summary>
internal sealed class TerminalLoggerProvider(IAnsiConsole console) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new TerminalLogger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var color = level switch
        {
            >= LogLevel.Error => "red",
            LogLevel.Warning => "yellow",
            _ => "grey",
        };
        var text = exception is null ? message : $"{message} ({exception.GetType().Name}: {exception.Message})";
        lock (_gate)
        {
            console.MarkupLine($"[{color}]{level.ToString().ToLowerInvariant()[..4]}[/] [grey]{Markup.Escape(category)}[/] {Markup.Escape(text)}");
        }
    }

    private sealed class TerminalLogger(TerminalLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
