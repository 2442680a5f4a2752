using System.Text.Json;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Json;

namespace PiVault.Server.Features.Immich;

/// <summary>SQL for <c>user_preferences</c> (migration 0007): one JSON document per user who changed anything.</summary>
public sealed class ImmichPreferencesStore
{
    public ImmichStoredPreferences? Find(SqliteConnection db, string userId) =>
        db.Scalar<string>("SELECT value FROM user_preferences WHERE user_id = $user;", ("$user", userId)) is { } json
            ? JsonSerializer.Deserialize(json, PiVaultJsonContext.Default.ImmichStoredPreferences)
            : null;

    public void Save(SqliteConnection db, string userId, ImmichStoredPreferences preferences, DateTimeOffset now) => db.Execute(
        """
        INSERT INTO user_preferences (user_id, value, updated_at) VALUES ($user, $value, $now)
        ON CONFLICT (user_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
        """,
        ("$user", userId), ("$value", JsonSerializer.Serialize(preferences, PiVaultJsonContext.Default.ImmichStoredPreferences)), ("$now", now.ToDb()));

    /// <summary>The avatar colours users chose, by user id.</summary>
    public Dictionary<string, string> AvatarColors(SqliteConnection db) => db.Query(
            "SELECT user_id, json_extract(value, '$.avatarColor') FROM user_preferences WHERE json_extract(value, '$.avatarColor') IS NOT NULL;",
            r => (User: r.GetString(0), Color: r.GetString(1)))
        .ToDictionary(c => c.User, c => c.Color, StringComparer.Ordinal);
}
