namespace PiVault.Server.Features.Assets;

/// <summary>Bulk lookups for clients that keep their own copy of the library: checksum checks, counts, filtered listings.</summary>
public sealed partial class AssetService
{
    public const int DefaultSearchPageSize = 250;

    /// <summary>The caller's assets (trashed included) that already hold any of these checksums.</summary>
    public List<AssetRecord> FindByChecksums(Auth.Caller caller, IReadOnlyCollection<byte[]> checksums)
    {
        if (checksums.Count == 0)
        {
            return [];
        }
        using var db = database.Open();
        return assets.FindByChecksums(db, caller.UserId, checksums);
    }

    public AssetStatistics Statistics(Auth.Caller caller, bool trashed = false)
    {
        using var db = database.Open();
        return assets.Statistics(db, caller.UserId, trashed);
    }

    /// <summary>One asset the caller may see, with its change number and capture offset.</summary>
    public AssetChange GetChange(Auth.Caller caller, string id)
    {
        var asset = Get(caller, id); // the access rule
        using var db = database.Open();
        return assets.ChangeOf(db, asset.OwnerId, asset.Id) ?? throw Http.ApiException.NotFound("This asset was deleted meanwhile.");
    }

    /// <summary>Everything a user stores, trash included: storage usage for admins and quotas.</summary>
    public AssetStatistics Usage(string ownerId)
    {
        using var db = database.Open();
        return assets.Statistics(db, ownerId, trashed: null);
    }

    /// <summary>A page of the caller's assets matching <paramref name="query"/>, how many match in all, and the next page's number.</summary>
    public (List<AssetChange> Items, long Total, int? NextPage) Search(Auth.Caller caller, AssetQuery query, int? page, int? size)
    {
        var request = PageRequest.From(page, size, DefaultSearchPageSize);
        using var db = database.Open();
        var items = assets.Search(db, caller.UserId, query, request.Offset, request.Size);
        var total = assets.Count(db, caller.UserId, query);
        return (items, total, request.Next(items.Count, total));
    }

    /// <summary>The folders the caller's photos are stored in (the Immich app's folder view).</summary>
    public List<string> Folders(Auth.Caller caller)
    {
        using var db = database.Open();
        return assets.Folders(db, caller.UserId);
    }

    /// <summary>The caller's listed photos stored directly in <paramref name="folder"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public List<AssetChange> InFolder(Auth.Caller caller, string folder, int limit)
    {
        using var db = database.Open();
        return assets.Search(db, caller.UserId, new AssetQuery { Folder = folder, Ascending = true }, 0, limit);
    }
}
