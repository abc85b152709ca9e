using System.Buffers;
using System.Text.Json;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>Writes the <c>meta/v1.DeleteOptions</c> body of a delete call.</summary>
internal static class DeleteOptionsWriter
{
    public static byte[] Write(DeleteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", "DeleteOptions");
            writer.WriteString("apiVersion", "v1");
            if (options.PropagationPolicy is { } policy)
            {
                writer.WriteString("propagationPolicy", policy.ToString());
            }

            if (options.GracePeriodSeconds is { } grace)
            {
                writer.WriteNumber("gracePeriodSeconds", grace);
            }

            if (options.PreconditionUid is not null || options.PreconditionResourceVersion is not null)
            {
                writer.WriteStartObject("preconditions");
                if (options.PreconditionUid is not null)
                {
                    writer.WriteString("uid", options.PreconditionUid);
                }

                if (options.PreconditionResourceVersion is not null)
                {
                    writer.WriteString("resourceVersion", options.PreconditionResourceVersion);
                }

                writer.WriteEndObject();
            }

            if (options.DryRun)
            {
                writer.WriteStartArray("dryRun");
                writer.WriteStringValue("All");
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
