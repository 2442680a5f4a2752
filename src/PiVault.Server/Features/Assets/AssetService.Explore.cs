using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.Assets;

public sealed partial class AssetService
{
    /// <summary>The caller's cities, each with its newest timeline photo (the explore page's places).</summary>
    public List<(string City, AssetChange Asset)> Cities(Caller caller, int limit)
    {
        using var db = database.Open();
        return assets.Cities(db, caller.UserId, limit).ConvertAll(c => (c.City, assets.ChangeOf(db, caller.UserId, c.AssetId)!));
    }

    public List<string?> Suggestions(Caller caller, string? type, SuggestionFilter filter, bool includeNull)
    {
        using var db = database.Open();
        return assets.Suggestions(db, caller.UserId, type ?? "", filter, includeNull);
    }
}
