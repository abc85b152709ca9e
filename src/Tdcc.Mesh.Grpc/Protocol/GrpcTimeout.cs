using System.Globalization;

namespace Tdcc.Mesh.Grpc.Protocol;

/// <summary>
/// The <c>grpc-timeout</c> header: at most 8 ASCII digits followed by a unit,
/// H (hours), M (minutes), S (seconds), m (milliseconds), u (microseconds) or n (nanoseconds).
/// </summary>
public static class GrpcTimeout
{
    private const int MaxDigits = 8;
    private const long MaxValue = 99_999_999;

    /// <summary>The longest timeout representable; longer values are clamped to it.</summary>
    public static TimeSpan MaxTimeout { get; } = TimeSpan.FromHours(MaxValue);

    /// <summary>Parses a header value; false when it is malformed.</summary>
    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (value is null || value.Length < 2 || value.Length > MaxDigits + 1)
        {
            return false;
        }

        var digits = value.AsSpan(0, value.Length - 1);
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        var amount = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        long? ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * TimeSpan.TicksPerMicrosecond,
            'n' => (amount + 99) / 100,
            _ => null,
        };
        if (ticks is null)
        {
            return false;
        }

        timeout = TimeSpan.FromTicks(ticks.Value);
        return true;
    }

    /// <summary>Formats a timeout with the finest unit that fits in 8 digits, rounding up so a deadline is never shortened.</summary>
    public static string Format(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return "1n";
        }

        if (timeout >= MaxTimeout)
        {
            return MaxValue.ToString(CultureInfo.InvariantCulture) + "H";
        }

        var ticks = timeout.Ticks;
        ReadOnlySpan<(long TicksPerUnit, char Unit)> units =
        [
            (TimeSpan.TicksPerMicrosecond, 'u'),
            (TimeSpan.TicksPerMillisecond, 'm'),
            (TimeSpan.TicksPerSecond, 'S'),
            (TimeSpan.TicksPerMinute, 'M'),
            (TimeSpan.TicksPerHour, 'H'),
        ];
        if (ticks * 100 <= MaxValue)
        {
            return (ticks * 100).ToString(CultureInfo.InvariantCulture) + "n";
        }

        foreach (var (ticksPerUnit, unit) in units)
        {
            var amount = (ticks + ticksPerUnit - 1) / ticksPerUnit;
            if (amount <= MaxValue)
            {
                return amount.ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return MaxValue.ToString(CultureInfo.InvariantCulture) + "H";
    }
}
