using System.Collections;
using System.Globalization;
using Tdcc.Mesh.Xds.Protos.Validate;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// <c>map</c> rules: min_pairs, max_pairs, no_sparse and ignore_empty on the map, the <c>keys</c> rules on every key
/// (messages prefixed "invalid key: ") and the <c>values</c> rules (or, for messages, the values' own rules) on every
/// value, reported at <c>field["key"]</c>.
/// </summary>
internal sealed class MapCheck(MapRules? rules, ValueCheck? keys, ValueCheck? values) : ValueCheck
{
    private readonly ulong? _min = rules is { HasMinPairs: true } ? rules.MinPairs : null;
    private readonly ulong? _max = rules is { HasMaxPairs: true } ? rules.MaxPairs : null;
    private readonly bool _noSparse = rules?.NoSparse ?? false;
    private readonly bool _ignoreEmpty = rules?.IgnoreEmpty ?? false;

    public override void Check(object? value, ValidationContext context)
    {
        if (value is not IDictionary map || (_ignoreEmpty && map.Count == 0))
        {
            return;
        }

        CheckCount((ulong)map.Count, context);
        if (keys is null && values is null && !_noSparse)
        {
            return;
        }

        foreach (DictionaryEntry entry in map)
        {
            context.Path.PushKey(entry.Key);
            if (keys is not null)
            {
                var prefix = context.MessagePrefix;
                context.MessagePrefix = prefix + "invalid key: ";
                keys.Check(entry.Key, context);
                context.MessagePrefix = prefix;
            }

            // The C# runtime never stores a null map value, so no_sparse can only fire for hand-built dictionaries.
            if (_noSparse && entry.Value is null)
            {
                context.Report("map.no_sparse", "value cannot be sparse, all pairs must be non-nil");
            }

            values?.Check(entry.Value, context);
            context.Path.Pop();
        }
    }

    private void CheckCount(ulong count, ValidationContext context)
    {
        if (_min is { } min && _max is { } max)
        {
            if (min == max && count != min)
            {
                context.Report(count < min ? "map.min_pairs" : "map.max_pairs", $"value must contain exactly {Text(min)} pair(s)");
            }
            else if (count < min || count > max)
            {
                context.Report(count < min ? "map.min_pairs" : "map.max_pairs", $"value must contain between {Text(min)} and {Text(max)} pairs, inclusive");
            }
        }
        else if (_min is { } atLeast && count < atLeast)
        {
            context.Report("map.min_pairs", $"value must contain at least {Text(atLeast)} pair(s)");
        }
        else if (_max is { } atMost && count > atMost)
        {
            context.Report("map.max_pairs", $"value must contain no more than {Text(atMost)} pair(s)");
        }
    }

    private static string Text(ulong number) => number.ToString(CultureInfo.InvariantCulture);
}
