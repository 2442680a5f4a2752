using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Users;

public sealed record UserRecord(
    string Id,
    string Email,
    string Name,
    string PasswordHash,
    bool IsAdmin,
    DateTimeOffset? DisabledAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>SQL for the <c>users</c> table.</summary>
public sealed partial class UserStore
{
    private const string Columns = "id, email, name, password_hash, is_admin, disabled_at, created_at, updated_at";

    public long Count(SqliteConnection db) => db.Scalar<long>("SELECT count(*) FROM users;");

    public void Insert(SqliteConnection db, UserRecord user) => db.Execute(
        $"INSERT INTO users ({Columns}) VALUES ($id, $email, $name, $hash, $admin, NULL, $created, $updated);",
        ("$id", user.Id), ("$email", user.Email), ("$name", user.Name), ("$hash", user.PasswordHash),
        ("$admin", user.IsAdmin ? 1 : 0), ("$created", user.CreatedAt.ToDb()), ("$updated", user.UpdatedAt.ToDb()));

    public UserRecord? FindByEmail(SqliteConnection db, string email) =>
        db.QuerySingle($"SELECT {Columns} FROM users WHERE email = $email;", Map, ("$email", email));

    public UserRecord? FindById(SqliteConnection db, string id) =>
        db.QuerySingle($"SELECT {Columns} FROM users WHERE id = $id;", Map, ("$id", id));

    public List<UserRecord> List(SqliteConnection db) =>
        db.Query($"SELECT {Columns} FROM users ORDER BY created_at, id;", Map);

    public bool SetDisabled(SqliteConnection db, string id, DateTimeOffset? disabledAt, DateTimeOffset now) => db.Execute(
        "UPDATE users SET disabled_at = $disabled, updated_at = $now WHERE id = $id;",
        ("$id", id), ("$disabled", disabledAt?.ToDb()), ("$now", now.ToDb())) == 1;

    public void SetProfile(SqliteConnection db, string id, string name, string email, DateTimeOffset now) => db.Execute(
        "UPDATE users SET name = $name, email = $email, updated_at = $now WHERE id = $id;",
        ("$id", id), ("$name", name), ("$email", email), ("$now", now.ToDb()));

    /// <summary>Marks the user as changed (a new <c>updated_at</c>, and so a new sync change number).</summary>
    public void Touch(SqliteConnection db, string id, DateTimeOffset now) =>
        db.Execute("UPDATE users SET updated_at = $now WHERE id = $id;", ("$id", id), ("$now", now.ToDb()));

    public void SetPasswordHash(SqliteConnection db, string id, string hash, DateTimeOffset now) => db.Execute(
        "UPDATE users SET password_hash = $hash, updated_at = $now WHERE id = $id;",
        ("$id", id), ("$hash", hash), ("$now", now.ToDb()));

    private static UserRecord Map(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4) != 0,
        r.GetNullableTime(5), r.GetTime(6), r.GetTime(7));
}
