using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Auth;

/// <summary>A live session joined with its (enabled) user.</summary>
public sealed record SessionLookup(string SessionId, DateTimeOffset LastSeenAt, string UserId, string Email, string Name, bool IsAdmin);

/// <summary>SQL for the <c>sessions</c> table. Tokens are looked up by their SHA-256 only.</summary>
public sealed class SessionStore
{
    public void Insert(SqliteConnection db, string id, string userId, byte[] tokenHash, string? device, DateTimeOffset now, DateTimeOffset expiresAt) =>
        db.Execute(
            """
            INSERT INTO sessions (id, user_id, token_hash, device, created_at, last_seen_at, expires_at)
            VALUES ($id, $user, $hash, $device, $now, $now, $expires);
            """,
            ("$id", id), ("$user", userId), ("$hash", tokenHash), ("$device", device), ("$now", now.ToDb()), ("$expires", expiresAt.ToDb()));

    public SessionLookup? Find(SqliteConnection db, byte[] tokenHash, DateTimeOffset now) => db.QuerySingle(
        """
        SELECT s.id, s.last_seen_at, u.id, u.email, u.name, u.is_admin
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $hash AND s.expires_at > $now AND u.disabled_at IS NULL;
        """,
        r => new SessionLookup(r.GetString(0), r.GetTime(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5) != 0),
        ("$hash", tokenHash), ("$now", now.ToDb()));

    public void Touch(SqliteConnection db, string id, DateTimeOffset now, DateTimeOffset expiresAt) => db.Execute(
        "UPDATE sessions SET last_seen_at = $now, expires_at = $expires WHERE id = $id;",
        ("$id", id), ("$now", now.ToDb()), ("$expires", expiresAt.ToDb()));

    public void Delete(SqliteConnection db, string id) => db.Execute("DELETE FROM sessions WHERE id = $id;", ("$id", id));

    public void DeleteForUser(SqliteConnection db, string userId, string? exceptSessionId = null) => db.Execute(
        "DELETE FROM sessions WHERE user_id = $user AND id IS NOT $except;", ("$user", userId), ("$except", exceptSessionId));
}
