using System.IO.Pipelines;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Grpc.Framing;
using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Grpc.Tests.Framing;

public sealed class GrpcMessageReaderFuzzTests
{
    [Fact]
    public async Task ReadMessageAsync_RandomByteStreams_OnlyRpcExceptionsAndNoHangs()
    {
        var random = new Random(20261122);
        for (var iteration = 0; iteration < 2000; iteration++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);

            // Bias towards plausible headers so the reader gets past the first five bytes often.
            if (bytes.Length >= 5 && random.Next(2) == 0)
            {
                bytes[0] = (byte)random.Next(2);
                bytes[1] = bytes[2] = bytes[3] = 0;
                bytes[4] = (byte)random.Next(0, bytes.Length);
            }

            var pipe = new Pipe();
            var encoding = random.Next(2) == 0 ? null : "gzip";
            var consume = ReadAllAsync(pipe.Reader, encoding);

            // Feed the bytes in random chunks, then end the stream.
            var offset = 0;
            while (offset < bytes.Length)
            {
                var chunk = random.Next(1, bytes.Length - offset + 1);
                await pipe.Writer.WriteAsync(bytes.AsMemory(offset, chunk));
                offset += chunk;
            }

            await pipe.Writer.CompleteAsync();
            var outcome = await consume.WaitAsync(TimeSpan.FromSeconds(5));
            outcome.Should().BeNull($"iteration {iteration} with bytes {Convert.ToHexString(bytes)} must end in an RpcException or cleanly");
        }
    }

    private static async Task<Exception?> ReadAllAsync(PipeReader reader, string? encoding)
    {
        try
        {
            while (await GrpcMessageReader.ReadMessageAsync(reader, StringValue.Parser, new GrpcReadOptions(48, encoding)) is not null)
            {
            }

            return null;
        }
        catch (RpcException)
        {
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
