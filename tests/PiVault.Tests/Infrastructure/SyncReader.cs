using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Immich;

namespace PiVault.Tests.Infrastructure;

/// <summary>Reads the real <see cref="ImmichSyncService"/>'s stream on the service tier, and acks lines as a device would.</summary>
public static class SyncReader
{
    public static async Task<List<(string Type, JsonElement Data, string Ack)>> SyncAsync(ServiceTier tier, Caller caller, params string[] types)
    {
        var pipe = new Pipe();
        await tier.Get<ImmichSyncService>().StreamAsync(caller, new SyncStreamRequest(types, null), pipe.Writer, CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        using var stream = pipe.Reader.AsStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<(string, JsonElement, string)>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var json = JsonDocument.Parse(line).RootElement;
            lines.Add((json.GetProperty("type").GetString()!, json.GetProperty("data").Clone(), json.GetProperty("ack").GetString()!));
        }
        return lines;
    }

    public static void Ack(ServiceTier tier, Caller caller, IEnumerable<(string Type, JsonElement Data, string Ack)> lines)
    {
        using (var db = tier.Database.Open())
        {
            // Acks belong to a session row (the tier's callers have none): the one a login would have made.
            db.Execute("INSERT OR IGNORE INTO sessions (id, user_id, token_hash, created_at, last_seen_at, expires_at) VALUES ($id, $user, randomblob(32), 0, 0, 0);",
                ("$id", caller.CredentialId), ("$user", caller.UserId));
        }
        tier.Get<ImmichSyncService>().SetAcks(caller, lines.GroupBy(l => l.Type).Select(g => g.Last().Ack));
    }

    /// <summary>A stream with everything acked, then the lines since: what a device that is up to date receives next.</summary>
    public static async Task<List<(string Type, JsonElement Data, string Ack)>> NextAsync(ServiceTier tier, Caller device, params string[] types)
    {
        var lines = await SyncAsync(tier, device, types);
        Ack(tier, device, lines);
        return lines.Where(l => l.Type != "SyncCompleteV1").ToList();
    }
}
