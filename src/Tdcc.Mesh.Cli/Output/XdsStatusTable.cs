using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;
using Tdcc.Mesh.Cli.Xds;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Status;

namespace Tdcc.Mesh.Cli.Output;

/// <summary>
/// The table <c>tdcc xds status</c> prints: one row per connected stream (node id, cluster, locality, stream kind,
/// connection age) with a nested row per resource type (version sent, version ACKed, state) and a line per NACK
/// with the client's error detail.
/// </summary>
internal static class XdsStatusTable
{
    /// <summary>Error details longer than this are cut (clients such as grpc-js can send whole stack traces).</summary>
    internal const int MaxErrorDetail = 240;

    private const int ShortVersionLength = 8;

    public static void Write(IAnsiConsole console, XdsStatusFetch fetch, IReadOnlyList<XdsNodeStatus> nodes)
    {
        var server = Markup.Escape(fetch.Server.GetLeftPart(UriPartial.Authority));
        if (nodes.Count == 0)
        {
            console.MarkupLine($"No nodes are connected to [blue]{server}[/].");
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded).ShowRowSeparators()
                .AddColumns("Node", "Cluster", "Locality", "Stream", "Connected", "Resources");
            foreach (var node in nodes)
            {
                table.AddRow(
                    new Markup(Markup.Escape(node.NodeId)),
                    new Markup(Markup.Escape(Dash(node.Cluster))),
                    new Markup(Markup.Escape(Locality(node.Locality))),
                    new Markup(node.Kind == XdsStreamKind.Sotw ? "SotW" : "Delta"),
                    new Markup(Markup.Escape(Age(fetch.Report.GeneratedAt - node.ConnectedSince))),
                    Types(node.Types));
            }

            console.Write(table);
        }

        var nacking = nodes.Count(IsNacking);
        var shown = nodes.Count == fetch.Report.Nodes.Count
            ? Plural(nodes.Count, "node")
            : $"{nodes.Count} of {Plural(fetch.Report.Nodes.Count, "node")}";
        var nacks = nacking == 0 ? "0 NACKing" : $"[red]{nacking} NACKing[/]";
        console.MarkupLine($"{shown}, {nacks} (xDS server [blue]{server}[/], as of {fetch.Report.GeneratedAt.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)})");
    }

    /// <summary>True when some type of the stream holds a NACK that no later ACK superseded.</summary>
    public static bool IsNacking(XdsNodeStatus node) => node.Types.Any(IsNacked);

    /// <summary>The error detail as one line, cut to <see cref="MaxErrorDetail"/> characters.</summary>
    internal static string OneLine(string detail)
    {
        var builder = new StringBuilder(Math.Min(detail.Length, MaxErrorDetail + 1));
        var space = false;
        foreach (var c in detail)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
            if (builder.Length > MaxErrorDetail)
            {
                builder.Length = MaxErrorDetail - 1;
                return builder.Append('…').ToString();
            }
        }

        return builder.ToString();
    }

    /// <summary>A relative age: <c>just now</c>, <c>42s ago</c>, <c>3m07s ago</c>, <c>2h05m ago</c>, <c>4d03h ago</c>.</summary>
    internal static string Age(TimeSpan age)
    {
        if (age < TimeSpan.FromSeconds(1))
        {
            return "just now";
        }

        var text = age switch
        {
            { TotalMinutes: < 1 } => $"{age.Seconds}s",
            { TotalHours: < 1 } => $"{age.Minutes}m{age.Seconds:00}s",
            { TotalDays: < 1 } => $"{age.Hours}h{age.Minutes:00}m",
            _ => $"{(int)age.TotalDays}d{age.Hours:00}h",
        };
        return text + " ago";
    }

    /// <summary>The first hex digits of a content-hash version, keeping a suffix such as <c>+prev</c>.</summary>
    internal static string ShortVersion(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return "-";
        }

        var plus = version.IndexOf('+', StringComparison.Ordinal);
        var hash = plus < 0 ? version : version[..plus];
        var suffix = plus < 0 ? string.Empty : version[plus..];
        return (hash.Length > ShortVersionLength + 2 ? hash[..ShortVersionLength] : hash) + suffix;
    }

    /// <summary>LDS, RDS, CDS, EDS, SDS; for a type this server does not know, the message name.</summary>
    internal static string ShortTypeName(string typeUrl) => TypeUrls.IsKnown(typeUrl)
        ? TypeUrls.ShortName(typeUrl)
        : typeUrl[(typeUrl.LastIndexOf('.') + 1)..];

    private static Rows Types(IReadOnlyList<XdsTypeStatus> types)
    {
        if (types.Count == 0)
        {
            return new Rows(new Markup("[dim]nothing requested yet[/]"));
        }

        var ordered = types.OrderBy(t => PushIndex(t.TypeUrl)).ThenBy(t => t.TypeUrl, StringComparer.Ordinal).ToList();
        var table = new Table().Border(TableBorder.None).AddColumns("[dim]type[/]", "[dim]sent[/]", "[dim]ACKed[/]", "[dim]state[/]");
        table.Columns[0].PadLeft(0);
        foreach (var type in ordered)
        {
            var acked = type.VersionAcked is null ? "[dim]-[/]" : Markup.Escape(ShortVersion(type.VersionAcked));
            table.AddRow(Markup.Escape(ShortTypeName(type.TypeUrl)), Markup.Escape(ShortVersion(type.VersionSent)), acked, State(type));
        }

        // NACK details get a line each under the grid, so they wrap across the whole cell instead of a narrow column.
        var lines = new List<IRenderable> { table };
        lines.AddRange(ordered.Where(IsNacked).Select(type => new Markup(Nack(type))));
        return new Rows(lines);
    }

    private static string State(XdsTypeStatus type)
    {
        if (IsNacked(type))
        {
            return "[bold red]NACK[/]";
        }

        if (type.VersionSent is null)
        {
            return "[dim]waiting[/]";
        }

        return string.Equals(type.VersionAcked, type.VersionSent, StringComparison.Ordinal) ? "[green]ACKed[/]" : "[yellow]pending[/]";
    }

    private static string Nack(XdsTypeStatus type)
    {
        var code = type.ErrorCode is { } value ? $", code {value}" : string.Empty;
        var detail = string.IsNullOrWhiteSpace(type.ErrorDetail) ? "no error detail" : OneLine(type.ErrorDetail);
        return $"[bold red]{Markup.Escape(ShortTypeName(type.TypeUrl))} NACK of {Markup.Escape(ShortVersion(type.VersionNacked))}{code}:[/] [red]{Markup.Escape(detail)}[/]";
    }

    private static bool IsNacked(XdsTypeStatus type) => type.VersionNacked is not null || type.ErrorDetail is not null;

    private static int PushIndex(string typeUrl)
    {
        for (var i = 0; i < TypeUrls.PushOrder.Count; i++)
        {
            if (string.Equals(TypeUrls.PushOrder[i], typeUrl, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static string Locality(XdsLocality? locality)
    {
        var parts = locality is null ? [] : new[] { locality.Region, locality.Zone, locality.SubZone }.Where(p => !string.IsNullOrEmpty(p)).ToArray();
        return parts.Length == 0 ? "-" : string.Join('/', parts);
    }

    private static string Dash(string? value) => string.IsNullOrEmpty(value) ? "-" : value;

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
