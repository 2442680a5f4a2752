using PiVault.Server.Data;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Unit;

public sealed class MigrationTests
{
    [Fact]
    public void A_new_database_is_migrated_to_the_latest_version_in_wal_mode_and_reapplying_is_a_no_op()
    {
        var dir = TempDir.Create();
        try
        {
            var database = new Database(Path.Combine(dir, "pivault.db"));
            database.Initialize();
            using var db = database.Open();
            Assert.Equal(Migrator.LatestVersion, Migrator.CurrentVersion(db));
            Assert.Equal("wal", db.Scalar<string>("PRAGMA journal_mode;"));
            Assert.Equal(2L, db.Scalar<long>("PRAGMA synchronous;")); // FULL
            Assert.Equal(0, Migrator.Apply(db));
            Assert.Equal(1L, db.Scalar<long>("SELECT count(*) FROM sqlite_master WHERE name = 'assets_owner_checksum';"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public void A_database_from_a_newer_pivault_is_refused_with_a_clear_message()
    {
        var dir = TempDir.Create();
        try
        {
            var database = new Database(Path.Combine(dir, "pivault.db"));
            using (var db = database.Open())
            {
                db.Execute("PRAGMA user_version = 999;");
            }
            var error = Assert.Throws<InvalidOperationException>(database.Initialize);
            Assert.Contains("newer than this PiVault", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public void Shared_album_tracking_gives_existing_rows_and_a_new_member_numbers_no_other_row_holds()
    {
        var dir = TempDir.Create();
        try
        {
            using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, "pivault.db")};Foreign Keys=True");
            db.Open();
            Migrator.Apply(db, upTo: 5);
            db.Execute(
                """
                INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES ('u1', 'a@x', 'A', 'h', 0, 0), ('u2', 'b@x', 'B', 'h', 0, 0),
                    ('u3', 'c@x', 'C', 'h', 0, 0);
                INSERT INTO assets (id, owner_id, checksum, type, original_path, original_file_name, mime_type, file_size, file_created_at,
                    file_modified_at, taken_at, created_at, updated_at)
                VALUES ('a1', 'u1', x'01', 'image', 'p1', 'n', 'm', 1, 0, 0, 0, 0, 0), ('a2', 'u2', x'02', 'image', 'p2', 'n', 'm', 1, 0, 0, 0, 0, 0);
                INSERT INTO albums (id, owner_id, name, created_at, updated_at) VALUES ('al1', 'u1', 'X', 0, 0), ('al2', 'u2', 'Y', 0, 0);
                INSERT INTO album_assets (album_id, asset_id, added_at) VALUES ('al1', 'a1', 0), ('al1', 'a2', 0), ('al2', 'a2', 0);
                INSERT INTO album_users (album_id, user_id, role) VALUES ('al1', 'u2', 'viewer'), ('al2', 'u1', 'editor');
                """);
            Migrator.Apply(db);
            AssertNumbersUnique(db);
            db.Execute("INSERT INTO album_users (album_id, user_id, role) VALUES ('al1', 'u3', 'viewer');");
            AssertNumbersUnique(db);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TempDir.Delete(dir);
        }
    }

    /// <summary>Every change number belongs to one row, and the sequence is past all of them.</summary>
    private static void AssertNumbersUnique(Microsoft.Data.Sqlite.SqliteConnection db)
    {
        var numbers = db.Query(
            """
            SELECT update_seq FROM users UNION ALL SELECT update_seq FROM assets UNION ALL SELECT update_seq FROM albums
            UNION ALL SELECT owner_seq FROM albums UNION ALL SELECT update_seq FROM album_assets UNION ALL SELECT update_seq FROM album_users;
            """,
            r => r.GetInt64(0));
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.DoesNotContain(0L, numbers);
        Assert.True(db.Scalar<long>("SELECT value FROM sync_sequence;") >= numbers.Max());
    }
}
