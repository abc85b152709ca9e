using Spectre.Console;

namespace Tdcc.Mesh.Cli.Output;

/// <summary>
/// The table style of the <c>kubectl tdcc</c> verbs: kubectl's (upper-case headers, no borders, columns apart by three
/// spaces), so their output reads like <c>kubectl get</c> next to it and greps the same way.
/// </summary>
internal static class KubectlTable
{
    public static Table Create(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var table = new Table().Border(TableBorder.None).HideRowSeparators();
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)).PadLeft(0).PadRight(3).NoWrap());
        }

        return table;
    }

    /// <summary>Adds a row of plain text (escaped; an empty cell becomes <c>-</c>).</summary>
    public static void AddRow(Table table, params string?[] cells)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(cells);
        table.AddRow(cells.Select(c => Markup.Escape(string.IsNullOrEmpty(c) ? "-" : c)).ToArray());
    }
}
