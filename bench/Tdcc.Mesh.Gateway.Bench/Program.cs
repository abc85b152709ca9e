using Tdcc.Mesh.Gateway.Bench;

// The east-west gateway's data path beside nginx as the same two-hop chain with mutual TLS between the hops.
// Usage: dotnet run -c Release --project bench/Tdcc.Mesh.Gateway.Bench -- [--phases http,tcp,memory] [--duration 10] [--rounds 3]
//   [--connections 64,256] [--chains nginx,tdcc] [--tcp-connections 1,8] [--open-connections 10000] [--quick] [--write-doc]
// (--serve-hop a|b --directory <dir> --ports <list> and --serve-tcp-backend are how the benchmark starts its children.)
if (args.Length == 6 && args[0] == "--serve-hop" && args[2] == "--directory" && args[4] == "--ports")
{
    return await GatewayHop.RunAsync(args[1], args[3], ChainPorts.Parse(args[5]));
}

if (args is ["--serve-tcp-backend"])
{
    return await TcpBackend.ServeAsync();
}

return await GatewayBench.RunAsync(args, CancellationToken.None);
