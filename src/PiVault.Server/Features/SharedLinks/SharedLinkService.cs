using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Login;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.SharedLinks;

/// <summary>
/// Public share links. Owners create them for an album or a selection of their own photos, with an optional expiry and
/// password. A visitor holding the key sees exactly those photos and nothing else: no caller is ever made from a link,
/// so every other endpoint still answers 401, and <see cref="AssetAccess.RequireInSharedLink"/> guards each file.
/// </summary>
public sealed partial class SharedLinkService(
    Database database, SharedLinkStore links, AlbumService albums, AssetAccess access, OriginalLocator originals, DerivedFileStore derived,
    LoginThrottle throttle, TimeProvider time)
{
    public SharedLinkDto Create(Caller caller, CreateSharedLinkRequest request)
    {
        var now = time.GetUtcNow();
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            throw ApiException.BadRequest("The expiry must be in the future.");
        }
        var password = string.IsNullOrEmpty(request.Password) ? null : PasswordHasher.Hash(Users.AccountRules.Password(request.Password));
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var link = new SharedLinkRecord(Guid.CreateVersion7(now).ToString(), caller.UserId, caller.Name, SecretToken.New(), request.Type ?? "",
            null, null, (request.Description ?? "").Trim(), password, request.AllowDownload ?? true, request.ExpiresAt, now);
        if (link.Type == "album")
        {
            albums.RequireRole(db, caller, request.AlbumId ?? "", AlbumService.Owner);
            links.Insert(db, link with { AlbumId = request.AlbumId });
        }
        else if (link.Type == "individual")
        {
            var owned = access.OwnedAmong(db, caller, request.AssetIds ?? []);
            if (owned.Count == 0)
            {
                throw ApiException.BadRequest("Choose at least one of your own photos to share.");
            }
            links.Insert(db, link);
            owned.ForEach(id => links.AddAsset(db, link.Id, id));
        }
        else
        {
            throw ApiException.BadRequest("type must be 'album' or 'individual'.");
        }
        transaction.Commit();
        return Dto(db, links.FindByKey(db, link.Key)!, now);
    }

    public List<SharedLinkDto> List(Caller caller)
    {
        var now = time.GetUtcNow();
        using var db = database.Open();
        return links.ListOwned(db, caller.UserId).ConvertAll(l => Dto(db, l, now));
    }

    public void Delete(Caller caller, string id)
    {
        using var db = database.Open();
        if (!links.Delete(db, caller.UserId, id))
        {
            throw ApiException.NotFound("Share link not found.");
        }
    }

    public SharedViewDto View(string key, string? unlockToken)
    {
        using var db = database.Open();
        var link = Open(db, key, unlockToken);
        var title = link.Type == "album" ? link.AlbumName ?? "Album" : link.Description.Length > 0 ? link.Description : $"Photos from {link.OwnerName}";
        return new SharedViewDto(link.Type, title, link.Description, link.OwnerName, link.AllowDownload, link.ExpiresAt, links.Assets(db, link));
    }

    /// <summary>Checks the password and returns the unlock token the visitor's browser keeps in a cookie.</summary>
    public (string LinkId, string Token) Unlock(string key, string? password, string clientAddress)
    {
        using var db = database.Open();
        var link = Open(db, key, unlockToken: null, requireUnlocked: false);
        var throttleKey = $"shared-link:{link.Id}";
        if (throttle.RetryAfter(clientAddress, throttleKey) is { } wait)
        {
            throw ApiException.TooManyRequests($"Too many wrong passwords. Try again in {wait} seconds.", wait);
        }
        if (link.PasswordHash is not null && !PasswordHasher.Verify(password ?? "", link.PasswordHash))
        {
            throttle.RecordFailure(clientAddress, throttleKey);
            throw ApiException.Unauthorized("Wrong password for this link.");
        }
        throttle.RecordSuccess(clientAddress, throttleKey);
        return (link.Id, UnlockToken(link));
    }

    public (AssetRecord Asset, string FullPath) Derived(string key, string? unlockToken, string assetId, DerivedKind kind)
    {
        using var db = database.Open();
        var asset = access.RequireInSharedLink(db, Open(db, key, unlockToken).Id, assetId);
        return asset.ThumbnailsAt is null
            ? throw ApiException.NotFound("The thumbnail is not made yet.")
            : (asset, derived.PathFor(asset.OwnerId, asset.Id, kind));
    }

    public (AssetRecord Asset, string FullPath) Original(string key, string? unlockToken, string assetId)
    {
        var (asset, _, allowDownload) = Playback(key, unlockToken, assetId);
        return allowDownload ? (asset, originals.Readable(asset.OriginalPath, asset.Tier)) : throw ApiException.Forbidden("The owner of this link does not allow downloads.");
    }

    /// <summary>Every asset of the link, for one download of them all; 403 when its owner does not allow downloads.</summary>
    public List<AssetRecord> Downloadable(string key, string? unlockToken)
    {
        using var db = database.Open();
        var link = Open(db, key, unlockToken);
        return link.AllowDownload
            ? links.Assets(db, link).ConvertAll(a => access.RequireInSharedLink(db, link.Id, a.Id))
            : throw ApiException.Forbidden("The owner of this link does not allow downloads.");
    }

    /// <summary>
    /// An asset of the link with its original's path and whether the link allows downloads, for <c>AssetEndpoints.PlaybackFile</c>,
    /// which decides what a visitor may watch.
    /// </summary>
    /// <remarks>The original's path is resolved only if it is needed (no playback copy), so an offline original still plays its copy.</remarks>
    public (AssetRecord Asset, Func<string> Original, bool AllowDownload) Playback(string key, string? unlockToken, string assetId)
    {
        using var db = database.Open();
        var link = Open(db, key, unlockToken);
        var asset = access.RequireInSharedLink(db, link.Id, assetId);
        return (asset, () => originals.Readable(asset.OriginalPath, asset.Tier), link.AllowDownload);
    }

    public static string CookieName(string linkId) => $"pivault_share_{linkId}";

    /// <summary>Unknown, or of a disabled owner → 404; expired → 410; password set and not unlocked → 401 with a plain message the page shows.</summary>
    private SharedLinkRecord Open(SqliteConnection db, string key, string? unlockToken, bool requireUnlocked = true)
    {
        var link = (key.Length is > 10 and < 100 ? links.FindByKey(db, key) : null)
            ?? throw ApiException.NotFound("This share link does not exist. It may have been deleted.");
        if (link.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            throw new ApiException(410, "Gone", "This share link has expired.");
        }
        if (requireUnlocked && link.PasswordHash is not null && !TokenMatches(link, unlockToken))
        {
            throw ApiException.Unauthorized("This share link is protected by a password.");
        }
        return link;
    }

    /// <summary>Derived from the key and the salted password hash: changes if either does, and cannot be made without the database.</summary>
    private static string UnlockToken(SharedLinkRecord link) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{link.Key}|{link.PasswordHash}")));

    private static bool TokenMatches(SharedLinkRecord link, string? token) =>
        token is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(UnlockToken(link)));

    private SharedLinkDto Dto(SqliteConnection db, SharedLinkRecord l, DateTimeOffset now) => new(
        l.Id, l.Key, $"/s/{l.Key}", l.Type, l.AlbumId, l.AlbumName, l.Description, l.PasswordHash is not null, l.AllowDownload,
        l.ExpiresAt, l.ExpiresAt <= now, links.Assets(db, l).Count, l.CreatedAt);
}
