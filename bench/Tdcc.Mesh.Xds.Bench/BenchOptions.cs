using System.Globalization;
using Tdcc.Mesh.Xds.Bench.Cells;
using Tdcc.Mesh.Xds.Bench.Clients;

namespace Tdcc.Mesh.Xds.Bench;

/// <summary>The matrix of one benchmark run and what to do with the figures.</summary>
internal sealed record BenchOptions
{
    /// <summary>The ADS variants measured (each cell once per protocol).</summary>
    public IReadOnlyList<AdsProtocol> Protocols { get; init; } = [AdsProtocol.Sotw, AdsProtocol.Delta];

    /// <summary>ADS streams per cell (N).</summary>
    public IReadOnlyList<int> Streams { get; init; } = [100, 1_000, 5_000];

    /// <summary>Services per cell (M).</summary>
    public IReadOnlyList<int> Services { get; init; } = [100, 1_000];

    /// <summary>Endpoint changes timed per cell (R).</summary>
    public int Changes { get; init; } = 20;

    /// <summary>How long connecting and the initial sync may take before the cell is stopped.</summary>
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one change may take to reach every stream before the cell is stopped.</summary>
    public TimeSpan ChangeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The pause before each change (after the previous one converged).</summary>
    public TimeSpan ChangeInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Small sizes for a smoke run.</summary>
    public bool Quick { get; init; }

    /// <summary>Rewrite the <c>## xDS</c> section of docs/benchmarks.md.</summary>
    public bool WriteDoc { get; init; }

    /// <summary>The document to rewrite; null finds docs/benchmarks.md above the working directory.</summary>
    public string? DocPath { get; init; }

    /// <summary>Sizes for a smoke run (CI, tests).</summary>
    public static BenchOptions QuickSizes { get; } = new()
    {
        Quick = true,
        Streams = [50],
        Services = [50],
        Changes = 5,
        SyncTimeout = TimeSpan.FromSeconds(60),
        ChangeTimeout = TimeSpan.FromSeconds(30),
        ChangeInterval = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>The cells, smallest first (streams × services).</summary>
    public IReadOnlyList<CellOptions> Cells =>
    [
        .. Streams.SelectMany(n => Services.SelectMany(m => Protocols.Select(p => new CellOptions(p, n, m, Changes, SyncTimeout, ChangeTimeout, ChangeInterval))))
            .OrderBy(cell => (long)cell.Streams * cell.Services)
            .ThenBy(cell => cell.Streams)
            .ThenBy(cell => cell.Protocol),
    ];

    public static string Usage =>
        """
        Usage: dotnet run -c Release --project bench/Tdcc.Mesh.Xds.Bench -- [options]
          --quick              small sizes (smoke run: 50 streams x 50 services, 5 changes)
          --write-doc          rewrite the '## xDS' section of docs/benchmarks.md
          --doc <path>         the document to rewrite (default: docs/benchmarks.md of the repository)
          --protocols <p,p>    sotw, delta or both (default sotw,delta)
          --streams <n,n,..>   ADS streams per cell (default 100,1000,5000)
          --services <n,n,..>  services per cell (default 100,1000)
          --changes <n>        endpoint changes timed per cell (default 20)
          --timeout-s <n>      limit for connecting and the initial sync (default 300)
          --change-timeout-s <n> limit for one change to reach every stream (default 60)
        """;

    /// <summary>Parses the command line; unknown arguments are an error.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = args.Contains("--quick") ? QuickSizes : new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--quick" => options,
                "--write-doc" => options with { WriteDoc = true },
                "--doc" => options with { DocPath = Value(args, ref i) },
                "--protocols" => options with { Protocols = ProtocolList(args, ref i) },
                "--streams" => options with { Streams = Numbers(args, ref i) },
                "--services" => options with { Services = Numbers(args, ref i) },
                "--changes" => options with { Changes = Numbers(args, ref i).Single() },
                "--timeout-s" => options with { SyncTimeout = TimeSpan.FromSeconds(Numbers(args, ref i).Single()) },
                "--change-timeout-s" => options with { ChangeTimeout = TimeSpan.FromSeconds(Numbers(args, ref i).Single()) },
                var unknown => throw new ArgumentException($"unknown argument '{unknown}'\n{Usage}"),
            };
        }

        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new ArgumentException($"{args[i]} needs a value\n{Usage}");
        }

        i++;
        return args[i];
    }

    private static AdsProtocol[] ProtocolList(IReadOnlyList<string> args, ref int i)
    {
        var text = Value(args, ref i);
        var values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => Enum.TryParse<AdsProtocol>(p, ignoreCase: true, out var protocol) ? protocol : throw new ArgumentException($"--protocols takes sotw and/or delta, not '{p}'"))
            .Distinct()
            .ToArray();
        return values.Length > 0 ? values : throw new ArgumentException("--protocols needs a value");
    }

    private static int[] Numbers(IReadOnlyList<string> args, ref int i)
    {
        var name = args[i];
        var text = Value(args, ref i);
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (var p = 0; p < parts.Length; p++)
        {
            if (!int.TryParse(parts[p], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out values[p]) || values[p] <= 0)
            {
                throw new ArgumentException($"{name} needs positive numbers, not '{text}'");
            }
        }

        return values.Length > 0 ? values : throw new ArgumentException($"{name} needs a value");
    }
}
