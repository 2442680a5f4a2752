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
}
