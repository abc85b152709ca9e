using System.Globalization;
using Tdcc.Mesh.Xds.Bench.Clients;

namespace Tdcc.Mesh.Xds.Bench.Cells;

/// <summary>One cell of the matrix and its limits; passed to the cell process on its command line.</summary>
internal sealed record CellOptions(AdsProtocol Protocol, int Streams, int Services, int Changes, TimeSpan SyncTimeout, TimeSpan ChangeTimeout, TimeSpan ChangeInterval)
{
    public const string Mode = "cell";

    /// <summary>How long the cell process may run in all before the bench ends it.</summary>
    public TimeSpan HardLimit => SyncTimeout + SyncTimeout + ((ChangeTimeout + ChangeInterval + TimeSpan.FromSeconds(5)) * Changes) + TimeSpan.FromMinutes(2);

    public IReadOnlyList<string> ToArguments() =>
    [
        Mode,
        Protocol.ToString(),
        Number(Streams), Number(Services), Number(Changes),
        Number((int)SyncTimeout.TotalSeconds), Number((int)ChangeTimeout.TotalSeconds), Number((int)ChangeInterval.TotalMilliseconds),
    ];

    /// <summary>Parses what <see cref="ToArguments"/> wrote, without the mode.</summary>
    public static CellOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count != 7)
        {
            throw new ArgumentException("cell <Sotw|Delta> <streams> <services> <changes> <sync-timeout-s> <change-timeout-s> <change-interval-ms>");
        }

        var protocol = Enum.Parse<AdsProtocol>(args[0]);
        var n = args.Skip(1).Select(a => int.Parse(a, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        return new CellOptions(protocol, n[0], n[1], n[2], TimeSpan.FromSeconds(n[3]), TimeSpan.FromSeconds(n[4]), TimeSpan.FromMilliseconds(n[5]));
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
