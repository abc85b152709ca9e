using Tdcc.Mesh.Gateway.Bench;

// The east-west gateway's data path beside nginx as the same two-hop chain with mutual TLS between the hops.
// Usage: dotnet run -c Release --project bench/Tdcc.Mesh.Gateway.Bench -- [--duration 10] [--rounds 3] [--connections 64,256] [--chains nginx,tdcc] [--quick] [--write-doc]
// (--serve-hop a|b --directory <dir> --ports <list> is how the benchmark starts each of its gateway hops.)
if (args.Length == 6 && args[0] == "--serve-hop" && args[2] == "--directory" && args[4] == "--ports")
{
    return await GatewayHop.RunAsync(args[1], args[3], ChainPorts.Parse(args[5]));
}

return await GatewayBench.RunAsync(args, CancellationToken.None);
