using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.ApiKeys;

public sealed record ApiKeyRecord(string Id, string UserId, string Name, IReadOnlySet<string> Permissions, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? LastUsedAt);

/// <summary>An API key joined with its (enabled) user.</summary>
public sealed record ApiKeyLookup(ApiKeyRecord Key, string Email, string Name, bool IsAdmin);

/// <summary>SQL for the <c>api_keys</c> table. Keys are looked up by their SHA-256 only.</summary>
public sealed class ApiKeyStore
{
    private const string Columns = "k.id, k.user_id, k.name, k.permissions, k.created_at, k.updated_at, k.last_used_at";

    public void Insert(SqliteConnection db, ApiKeyRecord key, byte[] keyHash) => db.Execute(
        """
        INSERT INTO api_keys (id, user_id, name, key_hash, permissions, created_at, updated_at)
        VALUES ($id, $user, $name, $hash, $permissions, $created, $updated);
        """,
        ("$id", key.Id), ("$user", key.UserId), ("$name", key.Name), ("$hash", keyHash),
        ("$permissions", string.Join(' ', key.Permissions.Order(StringComparer.Ordinal))),
        ("$created", key.CreatedAt.ToDb()), ("$updated", key.UpdatedAt.ToDb()));

    public ApiKeyLookup? Find(SqliteConnection db, byte[] keyHash) => db.QuerySingle(
        $"""
        SELECT {Columns}, u.email, u.name, u.is_admin
        FROM api_keys k JOIN users u ON u.id = k.user_id
        WHERE k.key_hash = $hash AND u.disabled_at IS NULL;
        """,
        r => new ApiKeyLookup(Map(r), r.GetString(7), r.GetString(8), r.GetInt64(9) != 0),
        ("$hash", keyHash));

    public List<ApiKeyRecord> ListForUser(SqliteConnection db, string userId) => db.Query(
        $"SELECT {Columns} FROM api_keys k WHERE k.user_id = $user ORDER BY k.created_at, k.id;", Map, ("$user", userId));

    public ApiKeyRecord? FindForUser(SqliteConnection db, string userId, string id) => db.QuerySingle(
        $"SELECT {Columns} FROM api_keys k WHERE k.user_id = $user AND k.id = $id;", Map, ("$user", userId), ("$id", id));

    public bool Update(SqliteConnection db, ApiKeyRecord key) => db.Execute(
        "UPDATE api_keys SET name = $name, permissions = $permissions, updated_at = $updated WHERE user_id = $user AND id = $id;",
        ("$id", key.Id), ("$user", key.UserId), ("$name", key.Name), ("$permissions", string.Join(' ', key.Permissions.Order(StringComparer.Ordinal))),
        ("$updated", key.UpdatedAt.ToDb())) == 1;

    public bool Delete(SqliteConnection db, string userId, string id) =>
        db.Execute("DELETE FROM api_keys WHERE user_id = $user AND id = $id;", ("$user", userId), ("$id", id)) == 1;

    public void Touch(SqliteConnection db, string id, DateTimeOffset now) =>
        db.Execute("UPDATE api_keys SET last_used_at = $now WHERE id = $id;", ("$id", id), ("$now", now.ToDb()));

    private static ApiKeyRecord Map(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2),
        r.GetString(3).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
        r.GetTime(4), r.GetTime(5), r.GetNullableTime(6));
}
