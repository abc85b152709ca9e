using System.Globalization;

namespace Tdcc.Mesh.Operator.Bench;

/// <summary>The sizes of one benchmark run and what to do with the figures.</summary>
internal sealed record BenchOptions
{
    /// <summary>Member clusters of the clusterset, one run per count, measured in order.</summary>
    public IReadOnlyList<int> MemberCounts { get; init; } = [10, 100];

    /// <summary>Services exported (in total, by member 1) and imported by member 0's agent process.</summary>
    public int Services { get; init; } = 1_000;

    /// <summary>Ready endpoints in each exported service's EndpointSlice.</summary>
    public int EndpointsPerService { get; init; } = 2;

    /// <summary>Create requests in flight while the services are set up.</summary>
    public int SetupConcurrency { get; init; } = 8;

    /// <summary>Quiet time after convergence before sampling starts.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the processes are sampled at rest.</summary>
    public TimeSpan SampleDuration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How often RSS is read while sampling.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long joining and the hub's restart may take at one size.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long member 0 may take to import every service; past it the size is reported as not converged.</summary>
    public TimeSpan ImportTimeout { get; init; } = TimeSpan.FromMinutes(8);

    /// <summary>Rewrite the <c>## Operator processes</c> section of docs/benchmarks.md.</summary>
    public bool WriteDoc { get; init; }

    /// <summary>The document to rewrite; null finds docs/benchmarks.md above the working directory.</summary>
    public string? DocPath { get; init; }

    public static string Usage =>
        """
        Usage: dotnet run -c Release --project bench/Tdcc.Mesh.Operator.Bench -- [options]
          --members <n,...>    member clusters per run (default 10,100; at least 2)
          --services <n>       services exported by member 1 and imported by member 0 (default 1000)
          --endpoints <n>      ready endpoints per exported service (default 2)
          --settle <s>         seconds of quiet after convergence before sampling (default 10)
          --sample <s>         seconds of sampling at rest (default 20)
          --import-timeout <s> seconds member 0 may take to import every service (default 480)
          --write-doc          rewrite the '## Operator processes' section of docs/benchmarks.md
          --doc <path>         the document to rewrite (default: docs/benchmarks.md of the repository)
        """;

    /// <summary>Parses the command line; unknown arguments are an error.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--write-doc" => options with { WriteDoc = true },
                "--doc" => options with { DocPath = Value(args, ref i) },
                "--members" => options with { MemberCounts = Numbers(args, ref i) },
                "--services" => options with { Services = Number(args, ref i) },
                "--endpoints" => options with { EndpointsPerService = Number(args, ref i) },
                "--settle" => options with { Settle = TimeSpan.FromSeconds(Number(args, ref i)) },
                "--sample" => options with { SampleDuration = TimeSpan.FromSeconds(Number(args, ref i)) },
                "--import-timeout" => options with { ImportTimeout = TimeSpan.FromSeconds(Number(args, ref i)) },
                var unknown => throw new ArgumentException($"unknown argument '{unknown}'\n{Usage}"),
            };
        }

        if (options.MemberCounts.Any(m => m < 2))
        {
            throw new ArgumentException("--members needs at least 2: member 1 exports, member 0's agent process imports");
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
