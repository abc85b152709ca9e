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
                "--write-doc" => options with { WriteDoc = true },
                "--quick" => options with { Duration = TimeSpan.FromSeconds(3), Warmup = TimeSpan.FromSeconds(1), Rounds = 1, Connections = [64] },
                _ => throw new FormatException($"unknown argument {args[i]}"),
            };
        }

        return options;
    }
}
