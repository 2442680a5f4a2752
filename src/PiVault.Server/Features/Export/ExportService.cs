using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Export;

/// <summary>
/// Decides what an export holds, checking every asset through <see cref="AssetAccess"/>: a selection (each asset one the
/// caller may view: their own, or in an album shared with them), an album the caller can see (its untrashed assets,
/// whoever added them), or the caller's own whole library. A foreign or unknown id is "not found", never skipped quietly.
/// </summary>
public sealed class ExportService(Database database, AssetAccess access, AlbumService albums)
{
    /// <summary>Immich's default archive size: 4 GiB.</summary>
    public const long DefaultArchiveSize = 4L * 1024 * 1024 * 1024;

    public const int MaxAssetIds = 100_000;

    public List<AssetRecord> Resolve(Caller caller, ExportRequest request)
    {
        using var db = database.Open();
        if (request.AssetIds is { Count: > 0 } ids)
        {
            return Selection(db, caller, ids);
        }
        if (request.AlbumId is { } albumId)
        {
            albums.RequireRole(db, caller, albumId, AlbumService.Viewer);
            return Selection(db, caller, db.Query(
                """
                SELECT a.id FROM album_assets aa JOIN assets a ON a.id = aa.asset_id
                WHERE aa.album_id = $album AND a.deleted_at IS NULL ORDER BY a.taken_at, a.id;
                """,
                r => r.GetString(0), ("$album", albumId)));
        }
        if (request.UserId is { } userId && userId != caller.UserId)
        {
            throw ApiException.Forbidden("Only your own library can be exported whole.");
        }
        return Selection(db, caller, db.Query(
            "SELECT id FROM assets WHERE owner_id = $owner AND deleted_at IS NULL ORDER BY taken_at, id;", r => r.GetString(0), ("$owner", caller.UserId)));
    }

    /// <summary>Immich's download info: the assets split into archives of at most <see cref="ExportRequest.ArchiveSize"/> bytes each (one asset larger than that is an archive of its own).</summary>
    public ExportInfoDto Info(Caller caller, ExportRequest request)
    {
        var limit = request.ArchiveSize is > 0 and var size ? size : DefaultArchiveSize;
        var archives = new List<ExportArchiveInfo>();
        var current = new ExportArchiveInfo([], 0);
        foreach (var asset in Resolve(caller, request))
        {
            if (current.AssetIds.Count > 0 && current.Size + asset.FileSize > limit)
            {
                archives.Add(current);
                current = new ExportArchiveInfo([], 0);
            }
            current.AssetIds.Add(asset.Id);
            current = current with { Size = current.Size + asset.FileSize };
        }
        if (current.AssetIds.Count > 0)
        {
            archives.Add(current);
        }
        return new ExportInfoDto(archives, archives.Sum(a => a.Size));
    }

    private List<AssetRecord> Selection(SqliteConnection db, Caller caller, List<string> ids)
    {
        if (ids.Count > MaxAssetIds)
        {
            throw ApiException.BadRequest($"An export holds at most {MaxAssetIds} assets; export the rest in another.");
        }
        return [.. ids.Distinct(StringComparer.Ordinal).Select(id => access.RequireViewable(db, caller, id))];
    }
}
