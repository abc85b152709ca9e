using System.Globalization;

namespace Tdcc.Mesh.Mcs.Bench;

/// <summary>The sizes of one benchmark run and what to do with the figures.</summary>
internal sealed record BenchOptions
{
    /// <summary>Exported services, one clusterset per size, measured in order.</summary>
    public IReadOnlyList<int> ServiceCounts { get; init; } = [100, 1_000];

    /// <summary>Member clusters (besides the hub); each exports an equal share of the services.</summary>
    public int Members { get; init; } = 3;

    /// <summary>Endpoints in each exported service's EndpointSlice.</summary>
    public int EndpointsPerService { get; init; } = 3;

    /// <summary>Endpoint changes measured per size, one at a time.</summary>
    public int Changes { get; init; } = 100;

    /// <summary>Namespaces the services are spread over (each exists in every member).</summary>
    public int Namespaces { get; init; } = 4;

    /// <summary>Create requests in flight while the services are set up.</summary>
    public int SetupConcurrency { get; init; } = 8;

    /// <summary>Pause between one change having propagated everywhere and the next change.</summary>
    public TimeSpan Pause { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often each DNS server is asked while a change propagates (the DNS figures' resolution).</summary>
    public TimeSpan DnsPollInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How long the initial import of every service may take.</summary>
    public TimeSpan ConvergenceTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one change may take to reach every member before it counts as missed.</summary>
    public TimeSpan ChangeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Small sizes for a smoke run.</summary>
    public bool Quick { get; init; }

    /// <summary>Rewrite the <c>## Multi-cluster services</c> section of docs/benchmarks.md.</summary>
    public bool WriteDoc { get; init; }

    /// <summary>The document to rewrite; null finds docs/benchmarks.md above the working directory.</summary>
    public string? DocPath { get; init; }

    /// <summary>Sizes for a smoke run (CI, tests).</summary>
    public static BenchOptions QuickSizes { get; } = new()
    {
        Quick = true,
        ServiceCounts = [20],
        Changes = 10,
        Namespaces = 2,
        ConvergenceTimeout = TimeSpan.FromMinutes(2),
    };

    public static string Usage =>
        """
        Usage: dotnet run -c Release --project bench/Tdcc.Mesh.Mcs.Bench -- [options]
          --quick              small sizes (smoke run: 20 services, 10 changes)
          --write-doc          rewrite the '## Multi-cluster services' section of docs/benchmarks.md
          --doc <path>         the document to rewrite (default: docs/benchmarks.md of the repository)
          --services <n,...>   exported services per run (default 100,1000)
          --changes <n>        endpoint changes measured per run (default 100)
          --endpoints <n>      endpoints per exported service (default 3)
          --members <n>        member clusters (default 3)
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
                "--services" => options with { ServiceCounts = Numbers(args, ref i) },
                "--changes" => options with { Changes = Number(args, ref i) },
                "--endpoints" => options with { EndpointsPerService = Number(args, ref i) },
                "--members" => options with { Members = Number(args, ref i) },
                var unknown => throw new ArgumentException($"unknown argument '{unknown}'\n{Usage}"),
            };
        }

        if (options.Members < 2)
        {
            throw new ArgumentException("--members needs at least 2: a change propagates from one member to the others");
        }

        if (options.EndpointsPerService < 2)
        {
            throw new ArgumentException("--endpoints needs at least 2: the service keeps a ready endpoint while one flips");
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

    private static int Number(IReadOnlyList<string> args, ref int i) => Parse(args[i], Value(args, ref i));

    private static int[] Numbers(IReadOnlyList<string> args, ref int i)
    {
        var name = args[i];
        return [.. Value(args, ref i).Split(',').Select(text => Parse(name, text))];
    }

    private static int Parse(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} needs a positive number, not '{text}'");
}
