using System.Collections;
using System.Globalization;
using Tdcc.Mesh.Xds.Protos.Validate;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// <c>repeated</c> rules: min_items, max_items, unique and ignore_empty on the list, and the <c>items</c> rules (or,
/// for messages, the elements' own rules) on every element, reported at <c>field[index]</c>.
/// </summary>
internal sealed class RepeatedCheck(RepeatedRules? rules, ValueCheck? items) : ValueCheck
{
    private readonly ulong? _min = rules is { HasMinItems: true } ? rules.MinItems : null;
    private readonly ulong? _max = rules is { HasMaxItems: true } ? rules.MaxItems : null;
    private readonly bool _unique = rules?.Unique ?? false;
    private readonly bool _ignoreEmpty = rules?.IgnoreEmpty ?? false;

    public override void Check(object? value, ValidationContext context)
    {
        if (value is not IList list || (_ignoreEmpty && list.Count == 0))
        {
            return;
        }

        CheckCount((ulong)list.Count, context);
        if (!_unique && items is null)
        {
            return;
        }

        var seen = _unique ? new HashSet<object?>() : null;
        for (var i = 0; i < list.Count; i++)
        {
            var item = list[i];
            context.Path.PushIndex(i);
            if (seen is not null && !seen.Add(item))
            {
                context.Report("repeated.unique", "repeated value must contain unique items");
            }

            items?.Check(item, context);
            context.Path.Pop();
        }
    }

    private void CheckCount(ulong count, ValidationContext context)
    {
        if (_min is { } min && _max is { } max)
        {
            if (min == max && count != min)
            {
                context.Report(count < min ? "repeated.min_items" : "repeated.max_items", $"value must contain exactly {Text(min)} item(s)");
            }
            else if (count < min || count > max)
            {
                context.Report(count < min ? "repeated.min_items" : "repeated.max_items", $"value must contain between {Text(min)} and {Text(max)} items, inclusive");
            }
        }
        else if (_min is { } atLeast && count < atLeast)
        {
            context.Report("repeated.min_items", $"value must contain at least {Text(atLeast)} item(s)");
        }
        else if (_max is { } atMost && count > atMost)
        {
            context.Report("repeated.max_items", $"value must contain no more than {Text(atMost)} item(s)");
        }
    }

    private static string Text(ulong number) => number.ToString(CultureInfo.InvariantCulture);
}
