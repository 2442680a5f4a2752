using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Users;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Albums;

/// <summary>
/// Albums: the owner creates, renames, deletes, picks the cover and shares with household users. Members see the
/// album; editors may also add and remove their own photos. Albums others cannot see answer 404.
/// </summary>
public sealed partial class AlbumService(Database database, AlbumStore albums, AssetAccess access, UserStore users, TimeProvider time)
{
    public const string Owner = "owner";
    public const string Editor = "editor";
    public const string Viewer = "viewer";

    public AlbumDto Create(Caller caller, CreateAlbumRequest request)
    {
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString();
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        albums.Insert(db, id, caller.UserId, AlbumName(request.Name), Description(request.Description), now);
        foreach (var assetId in access.OwnedAmong(db, caller, request.AssetIds ?? []))
        {
            albums.AddAsset(db, id, assetId, now);
        }
        transaction.Commit();
        return Dto(db, caller, albums.Find(db, id)!);
    }

    public List<AlbumDto> List(Caller caller)
    {
        using var db = database.Open();
        return albums.ListVisible(db, caller.UserId).ConvertAll(a => Dto(db, caller, a));
    }

    public AlbumDto Get(Caller caller, string id)
    {
        using var db = database.Open();
        RequireRole(db, caller, id, Viewer);
        return Dto(db, caller, albums.Find(db, id)!);
    }

    public AlbumDto Update(Caller caller, string id, UpdateAlbumRequest request)
    {
        using var db = database.Open();
        RequireRole(db, caller, id, Owner);
        var album = albums.Find(db, id)!;
        var cover = request.CoverAssetId ?? album.CoverAssetId;
        if (request.CoverAssetId is not null && !albums.Contains(db, id, request.CoverAssetId))
        {
            throw ApiException.BadRequest("The cover must be a photo in this album.");
        }
        albums.Update(db, id, request.Name is null ? album.Name : AlbumName(request.Name),
            request.Description is null ? album.Description : Description(request.Description), cover, time.GetUtcNow());
        return Dto(db, caller, albums.Find(db, id)!);
    }

    public void Delete(Caller caller, string id)
    {
        using var db = database.Open();
        RequireRole(db, caller, id, Owner);
        albums.Delete(db, id);
    }

    /// <summary>Adds the caller's own photos; ids the caller does not own are skipped, never revealed.</summary>
    public AlbumAssetsResultDto AddAssets(Caller caller, string id, AlbumAssetsRequest request)
    {
        var results = AddAssetsEach(caller, id, request.Ids ?? []);
        return new AlbumAssetsResultDto(results.Count(r => r.Outcome == AlbumAssetOutcome.Changed), AssetCount(id));
    }

    /// <summary>
    /// What happened to each id: added, already in the album (<c>Duplicate</c>), or not the caller's own live photo
    /// (<c>NoPermission</c>: unknown, someone else's and trashed ids all look the same).
    /// </summary>
    public List<AlbumAssetResult> AddAssetsEach(Caller caller, string id, IReadOnlyList<string> assetIds)
    {
        var now = time.GetUtcNow();
        using var db = database.Open();
        RequireRole(db, caller, id, Editor);
        using var transaction = db.BeginTransaction();
        var owned = access.OwnedAmong(db, caller, assetIds).ToHashSet(StringComparer.Ordinal);
        var results = assetIds.Select(assetId => new AlbumAssetResult(assetId,
            !owned.Contains(assetId) ? AlbumAssetOutcome.NoPermission
            : albums.AddAsset(db, id, assetId, now) == 1 ? AlbumAssetOutcome.Changed
            : AlbumAssetOutcome.Duplicate)).ToList();
        if (results.Exists(r => r.Outcome == AlbumAssetOutcome.Changed))
        {
            albums.Touch(db, id, now);
        }
        transaction.Commit();
        return results;
    }

    /// <summary>The owner removes anything; an editor only their own photos.</summary>
    public AlbumAssetsResultDto RemoveAssets(Caller caller, string id, AlbumAssetsRequest request)
    {
        var results = RemoveAssetsEach(caller, id, request.Ids ?? []);
        return new AlbumAssetsResultDto(results.Count(r => r.Outcome == AlbumAssetOutcome.Changed), AssetCount(id));
    }

    /// <summary>What happened to each id: removed, not in the album (<c>NotFound</c>), or another member's photo an editor may not remove.</summary>
    public List<AlbumAssetResult> RemoveAssetsEach(Caller caller, string id, IReadOnlyList<string> assetIds)
    {
        using var db = database.Open();
        var role = RequireRole(db, caller, id, Editor);
        using var transaction = db.BeginTransaction();
        var results = assetIds.Select(assetId => albums.AssetOwnerInAlbum(db, id, assetId) switch
        {
            null => new AlbumAssetResult(assetId, AlbumAssetOutcome.NotFound),
            var owner when role != Owner && owner != caller.UserId => new AlbumAssetResult(assetId, AlbumAssetOutcome.NoPermission),
            _ => new AlbumAssetResult(assetId, albums.RemoveAsset(db, id, assetId) == 1 ? AlbumAssetOutcome.Changed : AlbumAssetOutcome.NotFound),
        }).ToList();
        if (results.Exists(r => r.Outcome == AlbumAssetOutcome.Changed))
        {
            albums.Touch(db, id, time.GetUtcNow());
        }
        transaction.Commit();
        return results;
    }

    public AlbumDto Share(Caller caller, string id, ShareAlbumRequest request)
    {
        var role = request.Role ?? Viewer;
        if (role is not (Viewer or Editor))
        {
            throw ApiException.BadRequest("role must be 'viewer' or 'editor'.");
        }
        using var db = database.Open();
        RequireRole(db, caller, id, Owner);
        foreach (var userId in request.UserIds ?? [])
        {
            if (userId == caller.UserId || users.FindById(db, userId) is not { DisabledAt: null })
            {
                throw ApiException.BadRequest("Share with other active household users only.");
            }
            albums.SetMember(db, id, userId, role);
        }
        return Dto(db, caller, albums.Find(db, id)!);
    }

    /// <summary>The owner removes a member; a member may leave by removing themselves.</summary>
    public void Unshare(Caller caller, string id, string userId)
    {
        using var db = database.Open();
        RequireRole(db, caller, id, userId == caller.UserId ? Viewer : Owner);
        if (!albums.RemoveMember(db, id, userId))
        {
            throw ApiException.NotFound("That user is not a member of this album.");
        }
    }

    /// <summary>404 when the caller cannot see the album; 403 when they can see it but their role is too low.</summary>
    public string RequireRole(SqliteConnection db, Caller caller, string albumId, string needed)
    {
        var role = Guid.TryParse(albumId, out _) ? albums.RoleOf(db, albumId, caller.UserId) : null;
        if (role is null)
        {
            throw ApiException.NotFound("Album not found.");
        }
        var enough = needed switch
        {
            Owner => role == Owner,
            Editor => role is Owner or Editor,
            _ => true,
        };
        return enough ? role : throw ApiException.Forbidden(needed == Owner
            ? "Only the album's owner can do this."
            : "You can view this album but not change it; ask its owner to make you an editor.");
    }

    /// <summary>404 unless the caller can see every one of these albums.</summary>
    public void RequireVisible(Caller caller, IEnumerable<string> ids)
    {
        using var db = database.Open();
        foreach (var id in ids)
        {
            RequireRole(db, caller, id, Viewer);
        }
    }

    private int AssetCount(string id)
    {
        using var db = database.Open();
        return albums.Find(db, id)?.AssetCount ?? 0;
    }

    private AlbumDto Dto(SqliteConnection db, Caller caller, AlbumRecord a) => new(
        a.Id, a.OwnerId, a.OwnerName, a.Name, a.Description, a.CoverAssetId, a.AssetCount, a.StartAt, a.EndAt,
        a.OwnerId == caller.UserId, albums.RoleOf(db, a.Id, caller.UserId) ?? Viewer, albums.Members(db, a.Id), a.CreatedAt, a.UpdatedAt);

    private static string AlbumName(string? value)
    {
        var name = value?.Trim() ?? "";
        return name.Length is >= 1 and <= 200 ? name : throw ApiException.BadRequest("Give the album a name of 1 to 200 characters.");
    }

    private static string Description(string? value)
    {
        var text = value?.Trim() ?? "";
        return text.Length <= 2000 ? text : throw ApiException.BadRequest("The description can be at most 2000 characters long.");
    }
}
