using System.Globalization;

namespace Tdcc.Mesh.ApiMachinery.Scheduling;

/// <summary>
/// A CronJob schedule as kube parses it (the standard 5-field syntax of robfig/cron's <c>ParseStandard</c>): minute,
/// hour, day of month, month (1-12 or JAN-DEC), day of week (0-6 or SUN-SAT); each field a list of <c>*</c>, <c>?</c>,
/// values or ranges, each with an optional <c>/step</c>. When both day fields are restricted a day matches either
/// (cron's OR rule); when one is <c>*</c> only the other restricts. Macros: <c>@yearly</c>, <c>@annually</c>,
/// <c>@monthly</c>, <c>@weekly</c>, <c>@daily</c>, <c>@midnight</c>, <c>@hourly</c> and <c>@every &lt;duration&gt;</c>.
/// A <c>TZ=</c> or <c>CRON_TZ=</c> prefix names the time zone. Times are matched on the wall clock of the zone: a
/// time skipped by a daylight-saving jump runs at the same offset as before the jump (2:30 becomes 3:30), a repeated
/// hour runs once (its first occurrence).
/// </summary>
public sealed class CronSchedule
{
    private const ulong StarBit = 1UL << 63;
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private readonly ulong _minutes;
    private readonly ulong _hours;
    private readonly ulong _daysOfMonth;
    private readonly ulong _months;
    private readonly ulong _daysOfWeek;

    private CronSchedule(ulong minutes, ulong hours, ulong daysOfMonth, ulong months, ulong daysOfWeek, TimeSpan? every, string? timeZone)
    {
        _minutes = minutes;
        _hours = hours;
        _daysOfMonth = daysOfMonth;
        _months = months;
        _daysOfWeek = daysOfWeek;
        Every = every;
        TimeZone = timeZone;
    }

    /// <summary>The constant interval of an <c>@every</c> schedule, else null.</summary>
    public TimeSpan? Every { get; }

    /// <summary>The zone a <c>TZ=</c>/<c>CRON_TZ=</c> prefix named, else null.</summary>
    public string? TimeZone { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> with robfig/cron's message.</summary>
    public static CronSchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var schedule, out var error) ? schedule : throw new FormatException(error);
    }

    /// <summary>Parses <paramref name="text"/>; false with robfig/cron's error message when it is not a schedule.</summary>
    public static bool TryParse(string text, out CronSchedule schedule, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        schedule = null!;
        error = string.Empty;
        if (text.Length == 0)
        {
            error = "empty spec string";
            return false;
        }

        string? zone = null;
        var spec = text;
        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            var equals = spec.IndexOf('=', StringComparison.Ordinal);
            zone = space < 0 ? spec[(equals + 1)..] : spec[(equals + 1)..space];
            if (FindZone(zone) is null)
            {
                error = $"provided bad location {zone}: unknown time zone {zone}";
                return false;
            }

            spec = space < 0 ? string.Empty : spec[(space + 1)..].Trim();
        }

        if (spec.StartsWith('@'))
        {
            return Descriptor(spec, zone, out schedule, out error);
        }

        var fields = spec.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            error = $"expected exactly 5 fields, found {fields.Length}: [{string.Join(' ', fields)}]";
            return false;
        }

        if (!Field(fields[0], 0, 59, null, out var minutes, out error)
            || !Field(fields[1], 0, 23, null, out var hours, out error)
            || !Field(fields[2], 1, 31, null, out var dom, out error)
            || !Field(fields[3], 1, 12, MonthNames, out var months, out error)
            || !Field(fields[4], 0, 6, DayNames, out var dow, out error))
        {
            return false;
        }

        schedule = new CronSchedule(minutes, hours, dom, months, dow, null, zone);
        return true;
    }

    /// <summary>Resolves an IANA zone name (<c>Etc/UTC</c>, <c>Europe/Berlin</c>) or null when unknown; empty and <c>Local</c> are UTC here.</summary>
    public static TimeZoneInfo? FindZone(string? name)
    {
        if (string.IsNullOrEmpty(name) || name is "UTC" or "Local")
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>The first time strictly after <paramref name="after"/> the schedule fires in <paramref name="zone"/> (UTC when null), or null within five years.</summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo? zone = null)
    {
        if (Every is { } every)
        {
            var step = every < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : every;
            var next = after + step;
            return next.AddTicks(-(next.UtcTicks % TimeSpan.TicksPerSecond));
        }

        zone ??= (TimeZone is { } named ? FindZone(named) : null) ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        local = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        var limit = local.AddYears(5);
        while (local < limit)
        {
            if (!Has(_months, local.Month))
            {
                local = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1);
                continue;
            }

            if (!DayMatches(local))
            {
                local = local.Date.AddDays(1);
                continue;
            }

            if (!Has(_hours, local.Hour))
            {
                local = local.Date.AddHours(local.Hour + 1);
                continue;
            }

            if (!Has(_minutes, local.Minute))
            {
                local = local.AddMinutes(1);
                continue;
            }

            var instant = ToInstant(local, zone);
            if (instant > after)
            {
                return instant;
            }

            local = local.AddMinutes(1);
        }

        return null;
    }

    /// <summary>
    /// The latest time in (<paramref name="earliest"/>, <paramref name="now"/>] the schedule fired, with how many
    /// times it fired in that window; null when it did not fire.
    /// </summary>
    public (DateTimeOffset? MostRecent, int Count) MostRecent(DateTimeOffset earliest, DateTimeOffset now, TimeZoneInfo? zone = null)
    {
        DateTimeOffset? latest = null;
        var count = 0;
        var t = earliest;
        while (Next(t, zone) is { } next && next <= now)
        {
            latest = next;
            t = next;
            count++;
        }

        return (latest, count);
    }

    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(local))
        {
            var before = zone.GetUtcOffset(local.AddHours(-3));
            return new DateTimeOffset(local, before);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    private bool DayMatches(DateTime local)
    {
        var dom = Has(_daysOfMonth, local.Day);
        var dow = Has(_daysOfWeek, (int)local.DayOfWeek);
        return (_daysOfMonth & StarBit) != 0 || (_daysOfWeek & StarBit) != 0 ? dom && dow : dom || dow;
    }

    private static bool Has(ulong bits, int value) => (bits & (1UL << value)) != 0;

    private static bool Descriptor(string spec, string? zone, out CronSchedule schedule, out string error)
    {
        error = string.Empty;
        const ulong all = ~0UL >> 1;
        static ulong Bit(int v) => 1UL << v;
        schedule = spec switch
        {
            "@yearly" or "@annually" => new CronSchedule(Bit(0), Bit(0), Bit(1), Bit(1), all | StarBit, null, zone),
            "@monthly" => new CronSchedule(Bit(0), Bit(0), Bit(1), all | StarBit, all | StarBit, null, zone),
            "@weekly" => new CronSchedule(Bit(0), Bit(0), all | StarBit, all | StarBit, Bit(0), null, zone),
            "@daily" or "@midnight" => new CronSchedule(Bit(0), Bit(0), all | StarBit, all | StarBit, all | StarBit, null, zone),
            "@hourly" => new CronSchedule(Bit(0), all | StarBit, all | StarBit, all | StarBit, all | StarBit, null, zone),
            _ => null!,
        };
        if (schedule is not null)
        {
            return true;
        }

        const string every = "@every ";
        if (spec.StartsWith(every, StringComparison.Ordinal))
        {
            var text = spec[every.Length..].Trim();
            if (GoDuration.TryParse(text, out var duration))
            {
                schedule = new CronSchedule(0, 0, 0, 0, 0, duration, zone);
                return true;
            }

            error = $"failed to parse duration {spec}: time: invalid duration {Quote(text)}";
            return false;
        }

        error = $"unrecognized descriptor: {spec}";
        return false;
    }

    private static bool Field(string field, int min, int max, string[]? names, out ulong bits, out string error)
    {
        bits = 0;
        error = string.Empty;
        foreach (var expr in field.Split(','))
        {
            if (!Range(expr, min, max, names, out var part, out error))
            {
                return false;
            }

            bits |= part;
        }

        return true;
    }

    private static bool Range(string expr, int min, int max, string[]? names, out ulong bits, out string error)
    {
        bits = 0;
        error = string.Empty;
        var rangeAndStep = expr.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        var singleDigit = lowAndHigh.Length == 1;
        int start, end;
        ulong extra = 0;
        if (lowAndHigh[0] is "*" or "?")
        {
            start = min;
            end = max;
            extra = StarBit;
        }
        else
        {
            if (!Number(lowAndHigh[0], names, min, out start, out error))
            {
                return false;
            }

            switch (lowAndHigh.Length)
            {
                case 1:
                    end = start;
                    break;
                case 2:
                    if (!Number(lowAndHigh[1], names, min, out end, out error))
                    {
                        return false;
                    }

                    break;
                default:
                    error = $"too many hyphens: {expr}";
                    return false;
            }
        }

        int step;
        switch (rangeAndStep.Length)
        {
            case 1:
                step = 1;
                break;
            case 2:
                if (!int.TryParse(rangeAndStep[1], NumberStyles.None, CultureInfo.InvariantCulture, out step))
                {
                    error = $"failed to parse int from {rangeAndStep[1]}: strconv.Atoi: parsing {Quote(rangeAndStep[1])}: invalid syntax";
                    return false;
                }

                if (singleDigit)
                {
                    end = max;
                }

                if (step > 1)
                {
                    extra = 0;
                }

                break;
            default:
                error = $"too many slashes: {expr}";
                return false;
        }

        if (start < min)
        {
            error = $"beginning of range ({start}) below minimum ({min}): {expr}";
            return false;
        }

        if (end > max)
        {
            error = $"end of range ({end}) above maximum ({max}): {expr}";
            return false;
        }

        if (start > end)
        {
            error = $"beginning of range ({start}) beyond end of range ({end}): {expr}";
            return false;
        }

        if (step == 0)
        {
            error = $"step of range should be a positive number: {expr}";
            return false;
        }

        for (var i = start; i <= end; i += step)
        {
            bits |= 1UL << i;
        }

        bits |= extra;
        return true;
    }

    private static bool Number(string text, string[]? names, int min, out int value, out string error)
    {
        error = string.Empty;
        if (names is not null)
        {
            var index = Array.IndexOf(names, text.ToLowerInvariant());
            if (index >= 0)
            {
                value = index + (min == 1 ? 1 : 0);
                return true;
            }
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        error = $"failed to parse int from {text}: strconv.Atoi: parsing {Quote(text)}: invalid syntax";
        return false;
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
