using System.Text.RegularExpressions;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// A <c>pattern</c> rule (RE2 syntax) as a .NET <see cref="Regex"/> that matches the way Envoy's protoc-gen-validate
/// does, with <c>RE2::FullMatch</c>: the whole value must match. The expression is anchored with <c>\A(?:...)\z</c>,
/// RE2's <c>(?P&lt;name&gt;</c> groups become <c>(?&lt;name&gt;</c>, and it runs culture-invariant, with the
/// non-backtracking engine when the expression allows it (linear time, as RE2) and always with a timeout.
/// Differences that remain: .NET's <c>\d</c>, <c>\w</c>, <c>\s</c> and <c>\b</c> are Unicode-aware where RE2's are
/// ASCII; <c>$</c> also matches before a final newline; RE2-only syntax (<c>\C</c>, <c>\pN</c> without braces) fails
/// to compile and is reported; POSIX classes such as <c>[[:alpha:]]</c> compile but mean a set of literal characters.
/// </summary>
internal sealed class Re2Pattern
{
    private readonly Regex? _regex;
    private readonly string? _error;

    public Re2Pattern(string pattern, TimeSpan timeout)
    {
        Pattern = pattern;
        var anchored = @"\A(?:" + pattern.Replace("(?P<", "(?<", StringComparison.Ordinal) + @")\z";
        try
        {
            try
            {
                _regex = new Regex(anchored, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, timeout);
            }
            catch (NotSupportedException)
            {
                _regex = new Regex(anchored, RegexOptions.CultureInvariant, timeout);
            }
        }
        catch (ArgumentException ex)
        {
            _error = ex.Message;
        }
    }

    /// <summary>The expression as the rule gives it.</summary>
    public string Pattern { get; }

    /// <summary>Why .NET cannot compile the expression; null when it can.</summary>
    public string? CompileError => _error;

    /// <summary>Reports under <paramref name="rule"/> unless the whole value matches.</summary>
    public void Check(string value, string rule, ValidationContext context)
    {
        if (_regex is null)
        {
            context.Report(rule, $"pattern {RuleText.Quoted(Pattern)} cannot be evaluated here: {_error}");
            return;
        }

        try
        {
            if (!_regex.IsMatch(value))
            {
                context.Report(rule, "value does not match regex pattern " + RuleText.Quoted(Pattern));
            }
        }
        catch (RegexMatchTimeoutException)
        {
            context.Report(rule, $"value could not be matched against regex pattern {RuleText.Quoted(Pattern)} within {_regex.MatchTimeout}");
        }
    }
}
