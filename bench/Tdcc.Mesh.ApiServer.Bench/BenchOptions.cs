using System.Globalization;

namespace Tdcc.Mesh.ApiServer.Bench;

/// <summary>The sizes of one benchmark run and what to do with the figures.</summary>
internal sealed record BenchOptions
{
    /// <summary>ConfigMaps created and then updated by the write benchmark.</summary>
    public int Objects { get; init; } = 10_000;

    /// <summary>Requests in flight at once during the write benchmark.</summary>
    public int Concurrency { get; init; } = 32;

    /// <summary>Concurrent watch streams on one resource.</summary>
    public int Watchers { get; init; } = 1_000;

    /// <summary>Writes observed by every watcher.</summary>
    public int FanOutWrites { get; init; } = 300;

    /// <summary>The pause between two fan-out writes (each write waits for the previous response, then this long).</summary>
    public TimeSpan FanOutInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long watchers may take to catch up after the last write before they count as behind.</summary>
    public TimeSpan FanOutGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Small ConfigMaps stored for the memory figure.</summary>
    public int MemoryObjects { get; init; } = 100_000;

    /// <summary>Measure etcd beside the API server.</summary>
    public bool Etcd { get; init; } = true;

    /// <summary>Only the write benchmark (and the memory figure), no watch fan-out: a short re-measurement of writes.</summary>
    public bool WritesOnly { get; init; }

    /// <summary>The API server keeps its store in memory only (no data directory, no fsync), to see what durability costs.</summary>
    public bool MemoryStore { get; init; }

    /// <summary>Small sizes for a smoke run.</summary>
    public bool Quick { get; init; }

    /// <summary>Rewrite the <c>## API server</c> section of docs/benchmarks.md.</summary>
    public bool WriteDoc { get; init; }

    /// <summary>The document to rewrite; null finds docs/benchmarks.md above the working directory.</summary>
    public string? DocPath { get; init; }

    /// <summary>Sizes for a smoke run (CI, tests).</summary>
    public static BenchOptions QuickSizes { get; } = new()
    {
        Quick = true,
        Objects = 200,
        Concurrency = 4,
        Watchers = 20,
        FanOutWrites = 20,
        FanOutInterval = TimeSpan.FromMilliseconds(10),
        FanOutGrace = TimeSpan.FromSeconds(10),
        MemoryObjects = 2_000,
    };

    public static string Usage =>
        """
        Usage: dotnet run -c Release --project bench/Tdcc.Mesh.ApiServer.Bench -- [options]
          --quick              small sizes (smoke run)
          --write-doc          rewrite the '## API server' section of docs/benchmarks.md
          --doc <path>         the document to rewrite (default: docs/benchmarks.md of the repository)
          --no-etcd            skip the etcd comparison
          --writes-only        only creates and updates (no watch fan-out); not with --write-doc
          --memory-store       the API server keeps its store in memory (no fsync); not with --write-doc
          --objects <n>        ConfigMaps created then updated (default 10000)
          --concurrency <n>    requests in flight during writes (default 32)
          --watchers <n>       concurrent watch streams (default 1000)
          --writes <n>         writes observed by the watchers (default 300)
          --interval-ms <n>    pause between fan-out writes (default 50)
          --memory-objects <n> small ConfigMaps stored for the memory figure (default 100000)
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
                "--no-etcd" => options with { Etcd = false },
                "--writes-only" => options with { WritesOnly = true },
                "--memory-store" => options with { MemoryStore = true },
                "--doc" => options with { DocPath = Value(args, ref i) },
                "--objects" => options with { Objects = Number(args, ref i) },
                "--concurrency" => options with { Concurrency = Number(args, ref i) },
                "--watchers" => options with { Watchers = Number(args, ref i) },
                "--writes" => options with { FanOutWrites = Number(args, ref i) },
                "--interval-ms" => options with { FanOutInterval = TimeSpan.FromMilliseconds(Number(args, ref i)) },
                "--memory-objects" => options with { MemoryObjects = Number(args, ref i) },
                var unknown => throw new ArgumentException($"unknown argument '{unknown}'\n{Usage}"),
            };
        }

        if ((options.WritesOnly || options.MemoryStore) && options.WriteDoc)
        {
            throw new ArgumentException($"--writes-only and --memory-store measure less than the section states, so they cannot rewrite it (--write-doc)\n{Usage}");
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

    private static int Number(IReadOnlyList<string> args, ref int i)
    {
        var name = args[i];
        var text = Value(args, ref i);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new ArgumentException($"{name} needs a positive number, not '{text}'");
        }

        return value;
    }
}
