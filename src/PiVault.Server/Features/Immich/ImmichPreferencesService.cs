using System.Globalization;
using PiVault.Server.Data;
using PiVault.Server.Features.Users;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// Each user's Immich preferences: Immich's defaults until changed; an update merges the sections sent into what is
/// stored, after checking every value (one bad value changes nothing).
/// </summary>
public sealed class ImmichPreferencesService(Database database, ImmichPreferencesStore store, UserStore users, TimeProvider time)
{
    public static readonly string[] AssetOrders = ["asc", "desc"];

    public ImmichStoredPreferences Get(string userId)
    {
        using var db = database.Open();
        return store.Find(db, userId) ?? new(ImmichPreferencesDto.Defaults, null);
    }

    public string? AvatarColor(string userId) => Get(userId).AvatarColor;

    /// <summary>The avatar colours users chose, by user id.</summary>
    public Dictionary<string, string> AvatarColors()
    {
        using var db = database.Open();
        return store.AvatarColors(db);
    }

    public ImmichPreferencesDto Update(string userId, ImmichPreferencesUpdate update)
    {
        Validate(update);
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var current = store.Find(db, userId) ?? new(ImmichPreferencesDto.Defaults, null);
        var merged = new ImmichStoredPreferences(Merge(current.Preferences, update), update.Avatar?.Color ?? current.AvatarColor);
        store.Save(db, userId, merged, time.GetUtcNow());
        if (merged.AvatarColor != current.AvatarColor)
        {
            // Phones show other users' avatars from UserV1: a new colour is a change of the user.
            users.Touch(db, userId, time.GetUtcNow());
        }
        transaction.Commit();
        return merged.Preferences;
    }

    private static ImmichPreferencesDto Merge(ImmichPreferencesDto p, ImmichPreferencesUpdate u) => new(
        u.Albums?.Apply(p.Albums) ?? p.Albums, u.Cast?.Apply(p.Cast) ?? p.Cast, u.Download?.Apply(p.Download) ?? p.Download,
        u.EmailNotifications?.Apply(p.EmailNotifications) ?? p.EmailNotifications, u.Folders?.Apply(p.Folders) ?? p.Folders,
        u.Memories?.Apply(p.Memories) ?? p.Memories, u.People?.Apply(p.People) ?? p.People,
        new(u.Purchase?.HideBuyButtonUntil is { } until ? ParseDate(until) : p.Purchase.HideBuyButtonUntil,
            u.Purchase?.ShowSupportBadge ?? p.Purchase.ShowSupportBadge),
        u.Ratings?.Apply(p.Ratings) ?? p.Ratings, u.RecentlyAdded?.Apply(p.RecentlyAdded) ?? p.RecentlyAdded,
        u.SharedLinks?.Apply(p.SharedLinks) ?? p.SharedLinks, u.Tags?.Apply(p.Tags) ?? p.Tags);

    private static void Validate(ImmichPreferencesUpdate u)
    {
        RequireOneOf("albums.defaultAssetOrder", u.Albums?.DefaultAssetOrder, AssetOrders);
        RequireOneOf("avatar.color", u.Avatar?.Color, ImmichMapper.AvatarColors);
        RequirePositive("download.archiveSize", u.Download?.ArchiveSize);
        RequirePositive("memories.duration", u.Memories?.Duration);
        RequirePositive("people.minimumFaces", u.People?.MinimumFaces);
        if (u.Purchase?.HideBuyButtonUntil is { } until)
        {
            ParseDate(until);
        }
    }

    private static void RequireOneOf(string field, string? value, string[] allowed)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw ApiException.BadRequest($"{field} must be one of: {string.Join(", ", allowed)}.");
        }
    }

    private static void RequirePositive(string field, long? value)
    {
        if (value is <= 0)
        {
            throw ApiException.BadRequest($"{field} must be a positive number.");
        }
    }

    private static DateTimeOffset ParseDate(string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : throw ApiException.BadRequest("purchase.hideBuyButtonUntil must be an ISO 8601 date.");
}
