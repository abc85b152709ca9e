using System.Globalization;

namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>The command line: run lengths, rounds, concurrency, and whether to rewrite the docs section.</summary>
internal sealed record BenchOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    public int Rounds { get; init; } = 3;

    public IReadOnlyList<int> Connections { get; init; } = [64, 256];

    public bool WriteDoc { get; init; }

    public IReadOnlyList<string> Chains { get; init; } = ["nginx", "tdcc"];

    /// <summary>What to measure: <c>http</c> (beside nginx), <c>tcp</c> (throughput beside a direct connection), <c>memory</c>.</summary>
    public IReadOnlyList<string> Phases { get; init; } = ["http", "tcp", "memory"];

    public IReadOnlyList<int> TcpConnections { get; init; } = [1, 8];

    public int OpenConnections { get; init; } = 10_000;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--duration" => options with { Duration = TimeSpan.FromSeconds(int.Parse(args[++i], CultureInfo.InvariantCulture)) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(int.Parse(args[++i], CultureInfo.InvariantCulture)) },
                "--rounds" => options with { Rounds = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--connections" => options with { Connections = [.. args[++i].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))] },
                "--chains" => options with { Chains = [.. args[++i].Split(',')] },
                "--phases" => options with { Phases = [.. args[++i].Split(',')] },
                "--tcp-connections" => options with { TcpConnections = [.. args[++i].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))] },
                "--open-connections" => options with { OpenConnections = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--write-doc" => options with { WriteDoc = true },
                "--quick" => options with { Duration = TimeSpan.FromSeconds(3), Warmup = TimeSpan.FromSeconds(1), Rounds = 1, Connections = [64], TcpConnections = [1], OpenConnections = 1000 },
                _ => throw new FormatException($"unknown argument {args[i]}"),
            };
        }

        var unknown = options.Phases.Except(["http", "tcp", "memory"]).ToList();
        return unknown.Count > 0 ? throw new FormatException($"unknown phase {string.Join(", ", unknown)} (phases: http, tcp, memory)") : options;
    }
}
