using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;

namespace PiVault.Server.Features.Libraries;

public sealed record LibraryRecord(
    string Id, string OwnerId, string Name, IReadOnlyList<string> ImportPaths, IReadOnlyList<string> ExclusionPatterns,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? RefreshedAt, long AssetCount);

/// <summary>What the database knows of one file of a folder library: its asset, path, size and time when last read.</summary>
public sealed record IndexedFile(string AssetId, string Path, long Size, DateTimeOffset ModifiedAt, bool Trashed, bool Offline);

public sealed record LibraryStatistics(long Photos, long Videos, long Usage)
{
    public long Total => Photos + Videos;
}

/// <summary>SQL for <c>libraries</c> and the folder-library side of <c>assets</c> (<c>library_id</c>, <c>offline_at</c>).</summary>
public sealed class LibraryStore
{
    private const string Select =
        """
        SELECT l.id, l.owner_id, l.name, l.import_paths, l.exclusion_patterns, l.created_at, l.updated_at, l.refreshed_at,
               (SELECT count(*) FROM assets a WHERE a.library_id = l.id AND a.deleted_at IS NULL)
        FROM libraries l
        """;

    public void Insert(SqliteConnection db, LibraryRecord library) => db.Execute(
        """
        INSERT INTO libraries (id, owner_id, name, import_paths, exclusion_patterns, created_at, updated_at)
        VALUES ($id, $owner, $name, $paths, $patterns, $now, $now);
        """,
        ("$id", library.Id), ("$owner", library.OwnerId), ("$name", library.Name), ("$paths", Join(library.ImportPaths)),
        ("$patterns", Join(library.ExclusionPatterns)), ("$now", library.CreatedAt.ToDb()));

    public void Update(SqliteConnection db, LibraryRecord library) => db.Execute(
        "UPDATE libraries SET name = $name, import_paths = $paths, exclusion_patterns = $patterns, updated_at = $now WHERE id = $id;",
        ("$id", library.Id), ("$name", library.Name), ("$paths", Join(library.ImportPaths)), ("$patterns", Join(library.ExclusionPatterns)),
        ("$now", library.UpdatedAt.ToDb()));

    public LibraryRecord? Find(SqliteConnection db, string id) => db.QuerySingle($"{Select} WHERE l.id = $id;", Map, ("$id", id));

    /// <summary>Every library (an admin's view), or one user's.</summary>
    public List<LibraryRecord> List(SqliteConnection db, string? ownerId) => db.Query(
        $"{Select} WHERE $owner IS NULL OR l.owner_id = $owner ORDER BY l.created_at, l.id;", Map, ("$owner", ownerId));

    public void Delete(SqliteConnection db, string id) => db.Execute("DELETE FROM libraries WHERE id = $id;", ("$id", id));

    public void SetRefreshed(SqliteConnection db, string id, DateTimeOffset now) =>
        db.Execute("UPDATE libraries SET refreshed_at = $now WHERE id = $id;", ("$id", id), ("$now", now.ToDb()));

    /// <summary>The files the last scans indexed, by path.</summary>
    public Dictionary<string, IndexedFile> Files(SqliteConnection db, string libraryId) => db.Query(
        "SELECT id, original_path, file_size, file_modified_at, deleted_at IS NOT NULL, offline_at IS NOT NULL FROM assets WHERE library_id = $library;",
        r => new IndexedFile(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetTime(3), r.GetInt64(4) != 0, r.GetInt64(5) != 0),
        ("$library", libraryId)).ToDictionary(f => f.Path, StringComparer.Ordinal);

    public List<string> AssetIds(SqliteConnection db, string libraryId) =>
        db.Query("SELECT id FROM assets WHERE library_id = $library;", r => r.GetString(0), ("$library", libraryId));

    /// <summary>Indexes a new file; false when its path is already an asset (another library over the same folder).</summary>
    public bool InsertAsset(SqliteConnection db, AssetRecord a, string libraryId) => db.Execute(
        """
        INSERT INTO assets (id, owner_id, checksum, type, original_path, original_file_name, mime_type, file_size, file_created_at,
                            file_modified_at, taken_at, is_favorite, created_at, updated_at, library_id)
        VALUES ($id, $owner, $checksum, $type, $path, $name, $mime, $size, $fileCreated, $fileModified, $taken, 0, $now, $now, $library)
        ON CONFLICT DO NOTHING;
        """,
        ("$id", a.Id), ("$owner", a.OwnerId), ("$checksum", a.Checksum), ("$type", a.Type.ToDb()), ("$path", a.OriginalPath),
        ("$name", a.OriginalFileName), ("$mime", a.MimeType), ("$size", a.FileSize), ("$fileCreated", a.FileCreatedAt.ToDb()),
        ("$fileModified", a.FileModifiedAt.ToDb()), ("$taken", a.TakenAt.ToDb()), ("$now", a.CreatedAt.ToDb()), ("$library", libraryId)) == 1;

    /// <summary>The file's bytes changed: new size and time; the pipeline reads it again.</summary>
    public void SetChanged(SqliteConnection db, string assetId, long size, DateTimeOffset modified, DateTimeOffset now) => db.Execute(
        "UPDATE assets SET file_size = $size, file_modified_at = $modified, metadata_at = NULL, updated_at = $now WHERE id = $id;",
        ("$id", assetId), ("$size", size), ("$modified", modified.ToDb()), ("$now", now.ToDb()));

    /// <summary>The file moved within the library: the asset (albums, faces, favourite) follows it.</summary>
    public void SetPath(SqliteConnection db, string assetId, string path, byte[] checksum, string fileName, DateTimeOffset now) => db.Execute(
        "UPDATE assets SET original_path = $path, checksum = $checksum, original_file_name = $name, updated_at = $now WHERE id = $id;",
        ("$id", assetId), ("$path", path), ("$checksum", checksum), ("$name", fileName), ("$now", now.ToDb()));

    /// <summary>The file is gone: offline, and in the trash (unless the owner had trashed it already, which stays as it was).</summary>
    public void SetOffline(SqliteConnection db, string assetId, DateTimeOffset now) => db.Execute(
        "UPDATE assets SET offline_at = $now, deleted_at = coalesce(deleted_at, $now), updated_at = $now WHERE id = $id AND offline_at IS NULL;",
        ("$id", assetId), ("$now", now.ToDb()));

    /// <summary>The file is back: out of the trash the scan put it in.</summary>
    public void SetOnline(SqliteConnection db, string assetId, DateTimeOffset now) => db.Execute(
        "UPDATE assets SET offline_at = NULL, deleted_at = CASE WHEN deleted_at = offline_at THEN NULL ELSE deleted_at END, updated_at = $now WHERE id = $id;",
        ("$id", assetId), ("$now", now.ToDb()));

    public LibraryStatistics Statistics(SqliteConnection db, string libraryId) => db.QuerySingle(
        """
        SELECT count(*) FILTER (WHERE type = 'image'), count(*) FILTER (WHERE type = 'video'), coalesce(sum(file_size), 0)
        FROM assets WHERE library_id = $library AND deleted_at IS NULL;
        """,
        r => new LibraryStatistics(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)), ("$library", libraryId))!;

    private static string Join(IReadOnlyList<string> values) => string.Join('\n', values);

    private static List<string> Split(string value) => [.. value.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static LibraryRecord Map(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), Split(r.GetString(3)), Split(r.GetString(4)), r.GetTime(5), r.GetTime(6),
        r.GetNullableTime(7), r.GetInt64(8));
}
