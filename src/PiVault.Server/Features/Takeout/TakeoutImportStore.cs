using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Takeout;

/// <summary>An entry the scan found (<c>import_entries</c>).</summary>
public sealed record ScannedEntry(int PartSeq, int Ordinal, string Folder, string Name, string Kind, long Size, string? Json, string? SkipReason);

/// <summary>The outcome of one media entry, written with the import's counts in one transaction.</summary>
public sealed record EntryOutcome(string State, string? Reason, string? AssetId, string? Sidecar, long Size);

/// <summary>SQL for <c>imports</c>, <c>import_parts</c>, <c>import_entries</c> and <c>import_albums</c> (migration 0024).</summary>
public sealed class TakeoutImportStore
{
    private const string Columns =
        "id, owner_id, created_by, source, state, error, total_entries, total_bytes, done_entries, done_bytes, imported, merged, skipped, " +
        "created_at, started_at, started_done_bytes, finished_at";

    public void Insert(SqliteConnection db, string id, string ownerId, string createdBy, string source, string state, DateTimeOffset now) => db.Execute(
        "INSERT INTO imports (id, owner_id, created_by, source, state, created_at, updated_at) VALUES ($id, $owner, $by, $source, $state, $now, $now);",
        ("$id", id), ("$owner", ownerId), ("$by", createdBy), ("$source", source), ("$state", state), ("$now", now.ToDb()));

    public ImportRecord? Find(SqliteConnection db, string id) => db.QuerySingle($"SELECT {Columns} FROM imports WHERE id = $id;", Map, ("$id", id));

    /// <summary>Imports into the user's library or started by them, newest first.</summary>
    public List<ImportRecord> ListFor(SqliteConnection db, string userId) => db.Query(
        $"SELECT {Columns} FROM imports WHERE owner_id = $user OR created_by = $user ORDER BY created_at DESC, id DESC LIMIT 100;", Map, ("$user", userId));

    /// <summary>The import to run next: the oldest one queued or interrupted mid-way.</summary>
    public ImportRecord? NextActive(SqliteConnection db) => db.QuerySingle(
        $"SELECT {Columns} FROM imports WHERE state IN ('queued', 'scanning', 'importing') ORDER BY created_at, id LIMIT 1;", Map);

    public int SetState(SqliteConnection db, string id, string state, string? error, DateTimeOffset now, bool finished = false) => db.Execute(
        """
        UPDATE imports SET state = $state, error = $error, updated_at = $now, finished_at = CASE WHEN $finished THEN $now ELSE finished_at END
        WHERE id = $id;
        """,
        ("$id", id), ("$state", state), ("$error", error), ("$now", now.ToDb()), ("$finished", finished ? 1 : 0));

    /// <summary>The import step (re)starts: the ETA measures from here.</summary>
    public void MarkStarted(SqliteConnection db, string id, DateTimeOffset now) => db.Execute(
        "UPDATE imports SET state = 'importing', started_at = $now, started_done_bytes = done_bytes, updated_at = $now WHERE id = $id;",
        ("$id", id), ("$now", now.ToDb()));

    public int AddPart(SqliteConnection db, string importId, string path, string name, long size)
    {
        var seq = (int)db.Scalar<long>("SELECT coalesce(max(seq), 0) + 1 FROM import_parts WHERE import_id = $id;", ("$id", importId));
        db.Execute(
            "INSERT INTO import_parts (import_id, seq, path, name, size) VALUES ($id, $seq, $path, $name, $size);",
            ("$id", importId), ("$seq", seq), ("$path", path), ("$name", name), ("$size", size));
        return seq;
    }

    public List<(int Seq, string Path, string Name, long Size)> Parts(SqliteConnection db, string importId) => db.Query(
        "SELECT seq, path, name, size FROM import_parts WHERE import_id = $id ORDER BY seq;",
        r => ((int)r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3)), ("$id", importId));

    /// <summary>A scan that is run again starts from nothing (a scan imports nothing, so nothing is lost).</summary>
    public void ClearEntries(SqliteConnection db, string importId) => db.Execute("DELETE FROM import_entries WHERE import_id = $id;", ("$id", importId));

    public void InsertEntry(SqliteConnection db, string importId, ScannedEntry e) => db.Execute(
        """
        INSERT INTO import_entries (import_id, part_seq, ordinal, folder, name, kind, size, json, state, reason)
        VALUES ($id, $part, $ordinal, $folder, $name, $kind, $size, $json, CASE WHEN $reason IS NULL THEN 'pending' ELSE 'skipped' END, $reason);
        """,
        ("$id", importId), ("$part", e.PartSeq), ("$ordinal", e.Ordinal), ("$folder", e.Folder), ("$name", e.Name), ("$kind", e.Kind),
        ("$size", e.Size), ("$json", e.Json), ("$reason", e.SkipReason));

    /// <summary>After the scan: totals of the media to import, and what the scan already skipped.</summary>
    public void SetTotals(SqliteConnection db, string importId, DateTimeOffset now) => db.Execute(
        """
        UPDATE imports SET
            total_entries = (SELECT count(*) FROM import_entries WHERE import_id = $id AND kind = 'media'),
            total_bytes = (SELECT coalesce(sum(size), 0) FROM import_entries WHERE import_id = $id AND kind = 'media'),
            skipped = (SELECT count(*) FROM import_entries WHERE import_id = $id AND state = 'skipped'),
            updated_at = $now
        WHERE id = $id;
        """,
        ("$id", importId), ("$now", now.ToDb()));

    /// <summary>The media entries of a part still to do, by ordinal.</summary>
    public HashSet<int> PendingMedia(SqliteConnection db, string importId, int partSeq) => db.Query(
        "SELECT ordinal FROM import_entries WHERE import_id = $id AND part_seq = $part AND kind = 'media' AND state = 'pending';",
        r => (int)r.GetInt64(0), ("$id", importId), ("$part", partSeq)).ToHashSet();

    /// <summary>The sidecars (and album metadata) of one folder, from whichever part they came.</summary>
    public List<(string Name, string Kind, string Json)> JsonIn(SqliteConnection db, string importId, string folder) => db.Query(
        "SELECT name, kind, json FROM import_entries WHERE import_id = $id AND folder = $folder AND kind IN ('sidecar', 'album') AND json IS NOT NULL;",
        r => (r.GetString(0), r.GetString(1), r.GetString(2)), ("$id", importId), ("$folder", folder));

    /// <summary>Records a media entry's outcome and counts it, in the caller's transaction.</summary>
    public void Finish(SqliteConnection db, string importId, ArchiveFile file, int partSeq, EntryOutcome outcome, DateTimeOffset now)
    {
        var changed = db.Execute(
            """
            UPDATE import_entries SET state = $state, reason = $reason, asset_id = $asset, sidecar = $sidecar
            WHERE import_id = $id AND part_seq = $part AND ordinal = $ordinal AND state = 'pending';
            """,
            ("$id", importId), ("$part", partSeq), ("$ordinal", file.Ordinal), ("$state", outcome.State), ("$reason", outcome.Reason),
            ("$asset", outcome.AssetId), ("$sidecar", outcome.Sidecar));
        if (changed == 1)
        {
            db.Execute(
                $"""
                UPDATE imports SET done_entries = done_entries + 1, done_bytes = done_bytes + $size, {outcome.State} = {outcome.State} + 1, updated_at = $now
                WHERE id = $id;
                """,
                ("$id", importId), ("$size", outcome.Size), ("$now", now.ToDb()));
        }
    }

    /// <summary>
    /// At the end: sidecars some media used are done; the rest are JSON without a photo or video, and count as skipped.
    /// Album metadata counts as used.
    /// </summary>
    public void SettleJson(SqliteConnection db, string importId, DateTimeOffset now)
    {
        db.Execute(
            """
            UPDATE import_entries SET state = CASE
                    WHEN kind = 'album' OR EXISTS (SELECT 1 FROM import_entries m WHERE m.import_id = $id AND m.folder = import_entries.folder
                        AND m.kind = 'media' AND m.sidecar = import_entries.name) THEN 'imported'
                    ELSE 'skipped' END,
                reason = CASE WHEN kind = 'album' THEN 'album title' ELSE 'JSON without a photo or video in this export' END
            WHERE import_id = $id AND kind IN ('sidecar', 'album') AND state = 'pending';
            UPDATE import_entries SET reason = 'sidecar' WHERE import_id = $id AND kind = 'sidecar' AND state = 'imported';
            UPDATE imports SET skipped = (SELECT count(*) FROM import_entries WHERE import_id = $id AND state = 'skipped'), updated_at = $now WHERE id = $id;
            """,
            ("$id", importId), ("$now", now.ToDb()));
    }

    /// <summary>
    /// Forgets the sidecars' and album titles' text of an import that is over (done or cancelled): only the import needed
    /// it, the report keeps each entry's path and outcome. The text is most of an import's rows (up to 64 KB each).
    /// </summary>
    public void DropJson(SqliteConnection db, string importId) =>
        db.Execute("UPDATE import_entries SET json = NULL WHERE import_id = $id AND json IS NOT NULL;", ("$id", importId));

    public string? AlbumOf(SqliteConnection db, string importId, string folder) => db.Scalar<string>(
        "SELECT album_id FROM import_albums WHERE import_id = $id AND folder = $folder AND album_id IN (SELECT id FROM albums);",
        ("$id", importId), ("$folder", folder));

    public void SaveAlbum(SqliteConnection db, string importId, string folder, string albumId) => db.Execute(
        "INSERT INTO import_albums (import_id, folder, album_id) VALUES ($id, $folder, $album) ON CONFLICT DO UPDATE SET album_id = $album;",
        ("$id", importId), ("$folder", folder), ("$album", albumId));

    /// <summary>The owner's album of that name made first, if any: a second import joins it instead of making another.</summary>
    public string? OwnAlbumNamed(SqliteConnection db, string ownerId, string name) => db.Scalar<string>(
        "SELECT id FROM albums WHERE owner_id = $owner AND name = $name ORDER BY created_at, id LIMIT 1;", ("$owner", ownerId), ("$name", name));

    public void SetArchived(SqliteConnection db, string assetId, DateTimeOffset now) => db.Execute(
        "UPDATE assets SET visibility = 'archive', updated_at = $now WHERE id = $id AND visibility = 'timeline';", ("$id", assetId), ("$now", now.ToDb()));

    public List<ImportReportLineDto> Report(SqliteConnection db, string importId, string? outcome, long offset, int limit) => db.Query(
        """
        SELECT CASE WHEN folder = '' THEN name ELSE folder || '/' || name END, kind, state, reason, asset_id FROM import_entries
        WHERE import_id = $id AND state <> 'pending' AND ($outcome IS NULL OR state = $outcome)
        ORDER BY part_seq, ordinal LIMIT $limit OFFSET $offset;
        """,
        r => new ImportReportLineDto(r.GetString(0), r.GetString(1), r.GetString(2), r.GetNullableString(3), r.GetNullableString(4)),
        ("$id", importId), ("$outcome", outcome), ("$limit", limit), ("$offset", offset));

    public int CountReport(SqliteConnection db, string importId, string? outcome) => (int)db.Scalar<long>(
        "SELECT count(*) FROM import_entries WHERE import_id = $id AND state <> 'pending' AND ($outcome IS NULL OR state = $outcome);",
        ("$id", importId), ("$outcome", outcome));

    /// <summary>Per folder holding media: its outcome counts and the album the import used for it (import_albums), largest album first.</summary>
    public List<ImportFolderSummaryDto> FolderSummary(SqliteConnection db, string importId) => db.Query(
        """
        SELECT e.folder, a.album_id, al.name, count(*), count(*) FILTER (WHERE e.state = 'imported'),
               count(*) FILTER (WHERE e.state = 'merged'), count(*) FILTER (WHERE e.state = 'skipped'), count(*) FILTER (WHERE e.state = 'pending')
        FROM import_entries e
        LEFT JOIN import_albums a ON a.import_id = e.import_id AND a.folder = e.folder
        LEFT JOIN albums al ON al.id = a.album_id
        WHERE e.import_id = $id AND e.kind = 'media'
        GROUP BY e.folder ORDER BY a.album_id IS NULL, count(*) DESC, e.folder;
        """,
        r => new ImportFolderSummaryDto(r.GetString(0), TakeoutNames.IsAlbumFolder(TakeoutNames.FolderName(r.GetString(0))), r.GetNullableString(1), r.GetNullableString(2),
            r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7)),
        ("$id", importId));

    private static ImportRecord Map(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetNullableString(5), r.GetInt64(6), r.GetInt64(7),
        r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11), r.GetInt64(12), r.GetTime(13), r.GetNullableTime(14), r.GetInt64(15),
        r.GetNullableTime(16));
}
