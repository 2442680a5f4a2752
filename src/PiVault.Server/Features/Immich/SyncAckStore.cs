using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Immich;

/// <summary>SQL for <c>sync_acks</c>: the last acknowledged position of each session's sync stream, per entity type.</summary>
public sealed class SyncAckStore
{
    public List<SyncAckDto> List(SqliteConnection db, string sessionId) => db.Query(
        "SELECT ack, type FROM sync_acks WHERE session_id = $session ORDER BY type;",
        r => new SyncAckDto(r.GetString(0), r.GetString(1)), ("$session", sessionId));

    public void Upsert(SqliteConnection db, string sessionId, string type, string ack, DateTimeOffset now) => db.Execute(
        """
        INSERT INTO sync_acks (session_id, type, ack, updated_at) VALUES ($session, $type, $ack, $now)
        ON CONFLICT (session_id, type) DO UPDATE SET ack = excluded.ack, updated_at = excluded.updated_at;
        """,
        ("$session", sessionId), ("$type", type), ("$ack", ack), ("$now", now.ToDb()));

    public void Delete(SqliteConnection db, string sessionId, string? type) => db.Execute(
        "DELETE FROM sync_acks WHERE session_id = $session AND ($type IS NULL OR type = $type);", ("$session", sessionId), ("$type", type));
}
