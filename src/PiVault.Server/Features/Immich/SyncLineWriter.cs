using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// Writes Immich's sync stream: one JSON object per line, <c>{"type", "data", "ack"}</c>, straight into the response
/// pipe (memory stays flat however many lines); the caller flushes between pages.
/// </summary>
public sealed class SyncLineWriter(PipeWriter output) : IDisposable
{
    private readonly Utf8JsonWriter json = new(output);

    public int Lines { get; private set; }

    public void Write<T>(string type, T data, JsonTypeInfo<T> info, string ack)
    {
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WritePropertyName("data");
        JsonSerializer.Serialize(json, data, info);
        json.WriteString("ack", ack);
        json.WriteEndObject();
        json.Flush();
        output.Write("\n"u8);
        json.Reset();
        Lines++;
    }

    public void Dispose() => json.Dispose();
}
