using System.Globalization;

namespace Tdcc.Mesh.Distribution.Bench;

/// <summary>The sizes of one benchmark run and what to do with the figures.</summary>
internal sealed record BenchOptions
{
    /// <summary>Synthetic clusters per run, one run per count.</summary>
    public IReadOnlyList<int> ClusterCounts { get; init; } = [100, 1_000];

    /// <summary>Subscriptions scheduled per run (one decision each per phase).</summary>
    public int Subscriptions { get; init; } = 10_000;

    /// <summary>Thread counts measured; 0 stands for the machine's cores.</summary>
    public IReadOnlyList<int> Threads { get; init; } = [1, 0];

    /// <summary>What to measure: <c>scheduling</c> (the pure scheduler) and/or <c>delivery</c> (hub to members, end to end).</summary>
    public IReadOnlyList<string> Phases { get; init; } = [SchedulingPhase, DeliveryPhase];

    /// <summary>Member clusters of the delivery phase's sandbox clusterset.</summary>
    public int Members { get; init; } = 100;

    /// <summary>Rounds of the delivery phase; each round makes one change of every kind.</summary>
    public int Rounds { get; init; } = 20;

    /// <summary>How long one change may take to reach every member before the delivery phase fails.</summary>
    public TimeSpan ChangeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Quiet time after a change is applied everywhere (and reported to the hub) before the next change.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Seed of the synthetic clusters and subscriptions.</summary>
    public int Seed { get; init; } = 15;

    public const string SchedulingPhase = "scheduling";

    public const string DeliveryPhase = "delivery";

    /// <summary>Rewrite the sections of docs/benchmarks.md of the phases run (<c>## Scheduling</c>, <c>## Distribution</c>).</summary>
    public bool WriteDoc { get; init; }

    /// <summary>The document to rewrite; null finds docs/benchmarks.md above the working directory.</summary>
    public string? DocPath { get; init; }

    public static string Usage =>
        """
        Usage: dotnet run -c Release --project bench/Tdcc.Mesh.Distribution.Bench -- [options]
          --clusters <n,...>      synthetic clusters per run (default 100,1000)
          --subscriptions <n>     subscriptions scheduled per run (default 10000)
          --threads <n,...>       threads per run, 0 = the machine's cores (default 1,0)
          --seed <n>              seed of the synthetic workload (default 15)
          --phases <p,...>        scheduling and/or delivery (default scheduling,delivery)
          --members <n>           delivery: member clusters of the sandbox clusterset (default 100)
          --rounds <n>            delivery: rounds, each one change of every kind (default 20)
          --write-doc             rewrite the '## Scheduling' and/or '## Distribution' section of docs/benchmarks.md
          --doc <path>            the document to rewrite (default: docs/benchmarks.md of the repository)
        """;

    /// <summary>The thread counts with 0 replaced by <paramref name="cores"/>, without repeats.</summary>
    public IReadOnlyList<int> ResolvedThreads(int cores) => [.. Threads.Select(t => t == 0 ? cores : t).Distinct()];

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
                "--clusters" => options with { ClusterCounts = Numbers(args, ref i, allowZero: false) },
                "--subscriptions" => options with { Subscriptions = Number(args, ref i) },
                "--threads" => options with { Threads = Numbers(args, ref i, allowZero: true) },
                "--seed" => options with { Seed = Number(args, ref i) },
                "--phases" => options with { Phases = PhaseNames(args, ref i) },
                "--members" => options with { Members = Number(args, ref i) },
                "--rounds" => options with { Rounds = Number(args, ref i) },
                var unknown => throw new ArgumentException($"unknown argument '{unknown}'\n{Usage}"),
            };
        }

        return options;
    }

    /// <summary>Whether <paramref name="phase"/> is to be measured.</summary>
    public bool Runs(string phase) => Phases.Contains(phase, StringComparer.Ordinal);

    private static string[] PhaseNames(IReadOnlyList<string> args, ref int i)
    {
        var phases = Value(args, ref i).Split(',');
        return phases.FirstOrDefault(p => p is not (SchedulingPhase or DeliveryPhase)) is { } unknown
            ? throw new ArgumentException($"--phases takes {SchedulingPhase} and/or {DeliveryPhase}, not '{unknown}'")
            : phases;
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

    private static int Number(IReadOnlyList<string> args, ref int i) => Parse(args[i], Value(args, ref i), allowZero: false);

    private static int[] Numbers(IReadOnlyList<string> args, ref int i, bool allowZero)
    {
        var name = args[i];
        return [.. Value(args, ref i).Split(',').Select(text => Parse(name, text, allowZero))];
    }

    private static int Parse(string name, string text, bool allowZero) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && (value > 0 || (allowZero && value == 0))
            ? value
            : throw new ArgumentException($"{name} needs a {(allowZero ? "non-negative" : "positive")} number, not '{text}'");
}
