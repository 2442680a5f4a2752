using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.SharedLinks;

/// <summary>What owners change on a link after making it: its settings, and which photos an individual link shows.</summary>
public sealed partial class SharedLinkService
{
    public SharedLinkRecord Find(Caller caller, string id)
    {
        using var db = database.Open();
        return links.FindOwned(db, caller.UserId, id) ?? throw ApiException.NotFound("Share link not found.");
    }

    /// <summary>The ids of the photos a visitor sees through the link (trashed and locked ones never).</summary>
    public List<string> AssetIds(SharedLinkRecord link)
    {
        using var db = database.Open();
        return links.Assets(db, link).ConvertAll(a => a.Id);
    }

    /// <summary>
    /// Null leaves a setting as it is; an empty <paramref name="password"/> removes it; <paramref name="clearExpiry"/>
    /// makes the link last until deleted.
    /// </summary>
    public SharedLinkRecord Update(Caller caller, string id, string? description, string? password, bool? allowDownload, DateTimeOffset? expiresAt, bool clearExpiry)
    {
        if (expiresAt is { } expires && expires <= time.GetUtcNow())
        {
            throw ApiException.BadRequest("The expiry must be in the future.");
        }
        var hash = string.IsNullOrEmpty(password) ? null : PasswordHasher.Hash(Users.AccountRules.Password(password));
        using var db = database.Open();
        if (!links.Update(db, caller.UserId, id, description?.Trim(), hash, password == "", allowDownload, expiresAt, clearExpiry))
        {
            throw ApiException.NotFound("Share link not found.");
        }
        return links.FindOwned(db, caller.UserId, id)!;
    }

    /// <summary>Adds the caller's own photos to an individual link: per id, added, already there, or not the caller's.</summary>
    public List<(string AssetId, bool Success, string? Error)> AddAssets(Caller caller, string id, IReadOnlyList<string> assetIds) =>
        ChangeAssets(caller, id, assetIds, add: true);

    public List<(string AssetId, bool Success, string? Error)> RemoveAssets(Caller caller, string id, IReadOnlyList<string> assetIds) =>
        ChangeAssets(caller, id, assetIds, add: false);

    private List<(string AssetId, bool Success, string? Error)> ChangeAssets(Caller caller, string id, IReadOnlyList<string> assetIds, bool add)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var link = links.FindOwned(db, caller.UserId, id) ?? throw ApiException.NotFound("Share link not found.");
        if (link.Type != "individual")
        {
            throw ApiException.BadRequest("Only a link to chosen photos can gain or lose photos; an album's link shows the album.");
        }
        var owned = access.OwnedAmong(db, caller, assetIds).ToHashSet(StringComparer.Ordinal);
        var results = assetIds.Select(assetId =>
        {
            if (!owned.Contains(assetId))
            {
                return (assetId, false, (string?)"no_permission");
            }
            if (add)
            {
                return links.HasAsset(db, link.Id, assetId) ? (assetId, false, "duplicate") : (Add(db, link.Id, assetId), true, null);
            }
            return links.RemoveAsset(db, link.Id, assetId) ? (assetId, true, null) : (assetId, false, "not_found");
        }).ToList();
        transaction.Commit();
        return results;
    }

    private string Add(Microsoft.Data.Sqlite.SqliteConnection db, string linkId, string assetId)
    {
        links.AddAsset(db, linkId, assetId);
        return assetId;
    }
}
