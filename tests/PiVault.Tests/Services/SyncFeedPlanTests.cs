using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Users;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Services;

/// <summary>
/// The change feeds a phone's sync reads stay index searches at 50,000 assets: every statement the feeds run (caught
/// with SQLite's trace, parameters expanded) is planned by SQLite itself, and no plan scans a whole table or sorts the
/// user's library to page it. Timings: bench/immich (bench/results/immich.md).
/// </summary>
public sealed partial class SyncFeedPlanTests
{
    private const int LibrarySize = 50_000;

    [Fact]
    public async Task Every_sync_feed_query_searches_an_index_at_50k_assets()
    {
        await using var tier = new ServiceTier();
        var phone = tier.CreateUser("phone");
        var friend = tier.CreateUser("friend");
        Seed(tier.Database, phone.UserId, friend.UserId);

        var statements = new List<string>();
        using (var snapshot = tier.Database.Snapshot())
        {
            SQLitePCL.raw.sqlite3_trace(snapshot.Connection.Handle, (_, sql) => statements.Add(sql), null);
            var assets = tier.Get<AssetService>();
            var albums = tier.Get<AlbumService>();
            const long after = 40_000; // an incremental sync deep into the library
            Assert.Equal(1000, assets.ChangedSince(snapshot, phone.UserId, after, 1000).Count);
            Assert.Equal(1000, assets.MetadataChangedSince(snapshot, phone.UserId, after, 1000).Count);
            assets.DeletedSince(snapshot, phone.UserId, after, 1000);
            Assert.NotEmpty(assets.SharedChangedSince(snapshot, phone.UserId, 0, 1000));
            Assert.NotEmpty(assets.SharedMetadataChangedSince(snapshot, phone.UserId, 0, 1000));
            Assert.NotEmpty(albums.ChangedSince(snapshot, phone.UserId, 0, 1000));
            albums.DeletedSince(snapshot, phone.UserId, 0, 1000);
            Assert.NotEmpty(albums.UsersChangedSince(snapshot, phone.UserId, 0, 1000));
            albums.UsersRemovedSince(snapshot, phone.UserId, 0, 1000);
            Assert.NotEmpty(albums.AssetsAddedSince(snapshot, phone.UserId, 0, 1000));
            albums.AssetsRemovedSince(snapshot, phone.UserId, 0, 1000);
            Assert.NotEmpty(tier.Get<UserService>().ChangedSince(snapshot, 0));
            assets.LatestChange(snapshot);
            SQLitePCL.raw.sqlite3_trace(snapshot.Connection.Handle, (SQLitePCL.strdelegate_trace?)null, null);
        }

        var feeds = statements.Where(s => !s.StartsWith("PRAGMA", StringComparison.Ordinal) && !s.StartsWith("BEGIN", StringComparison.Ordinal)).ToList();
        Assert.True(feeds.Count >= 13, $"only {feeds.Count} statements traced");
        using var db = tier.Database.Open();
        var tables = db.Query("SELECT name FROM sqlite_master WHERE type = 'table';", r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var sql in feeds)
        {
            var plan = db.Query("EXPLAIN QUERY PLAN " + sql, r => r.GetString(3));
            var fullScans = plan.Where(step => step.StartsWith("SCAN ", StringComparison.Ordinal) && tables.Contains(step.Split(' ')[1])).ToList();
            // A page of the user's own feed must come in index order: a sort would read the whole library for every page.
            // (The shared-album feeds sort what the user's albums hold, which they must read anyway.)
            var sortsLibrary = plan.Contains("USE TEMP B-TREE FOR ORDER BY") && FeedPage().IsMatch(sql) && !sql.Contains("album_viewers", StringComparison.Ordinal);
            if (fullScans.Count > 0 || sortsLibrary)
            {
                failures.Add($"{sql}\n  {string.Join("\n  ", plan)}");
            }
        }
        Assert.True(failures.Count == 0, "Sync queries that read the whole library:\n" + string.Join("\n\n", failures));
    }

    /// <summary>
    /// 50,000 photos of the phone's user with their metadata, some deleted, and an album of the friend's 2,000 photos
    /// shared with the phone's user, from which some were removed: as a real library would be after years of backups.
    /// </summary>
    private static void Seed(Database database, string owner, string friend)
    {
        using var db = database.Open(Durability.Relaxed);
        using var transaction = db.BeginTransaction();
        db.Execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count)
            INSERT INTO assets (id, owner_id, checksum, type, original_path, original_file_name, mime_type, file_size, file_created_at,
                file_modified_at, taken_at, created_at, updated_at, width, height)
            SELECT printf('%s-%06d', $owner, i), $owner, randomblob(20), 'image', printf('%s/seed/%06d.jpg', $owner, i), printf('%06d.jpg', i),
                'image/jpeg', 3000000, i * 60000, i * 60000, i * 60000, i * 60000, i * 60000, 4032, 3024
            FROM n;
            INSERT INTO asset_metadata (asset_id, date_source, make, model) SELECT id, 'exif', 'Make', 'Model' FROM assets WHERE owner_id = $owner;
            """,
            ("$count", LibrarySize), ("$owner", owner));
        db.Execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
            INSERT INTO assets (id, owner_id, checksum, type, original_path, original_file_name, mime_type, file_size, file_created_at,
                file_modified_at, taken_at, created_at, updated_at)
            SELECT printf('%s-%06d', $friend, i), $friend, randomblob(20), 'image', printf('%s/seed/%06d.jpg', $friend, i), printf('%06d.jpg', i),
                'image/jpeg', 3000000, i * 60000, i * 60000, i * 60000, i * 60000, i * 60000
            FROM n;
            INSERT INTO asset_metadata (asset_id, date_source) SELECT id, 'exif' FROM assets WHERE owner_id = $friend;
            """,
            ("$friend", friend));
        db.Execute(
            """
            INSERT INTO albums (id, owner_id, name, description, created_at, updated_at) VALUES ('shared-album', $friend, 'Shared', '', 0, 0);
            INSERT INTO album_users (album_id, user_id, role) VALUES ('shared-album', $owner, 'viewer');
            INSERT INTO album_assets (album_id, asset_id, added_at) SELECT 'shared-album', id, 0 FROM assets WHERE owner_id = $friend;
            DELETE FROM album_assets WHERE album_id = 'shared-album' AND asset_id IN (SELECT id FROM assets WHERE owner_id = $friend LIMIT 100);
            DELETE FROM assets WHERE owner_id = $owner AND id IN (SELECT id FROM assets WHERE owner_id = $owner LIMIT 100);
            """,
            ("$friend", friend), ("$owner", owner));
        transaction.Commit();
    }

    /// <summary>A keyset page of a change feed: ordered by its change number, limited.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"ORDER BY (\w+\.)?(update_seq|seq) LIMIT")]
    private static partial System.Text.RegularExpressions.Regex FeedPage();
}
