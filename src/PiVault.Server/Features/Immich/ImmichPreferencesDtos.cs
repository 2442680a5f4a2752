namespace PiVault.Server.Features.Immich;

/// <summary>Immich's UserPreferencesResponseDto: every section present, as the app requires.</summary>
public sealed record ImmichPreferencesDto(
    ImmichAlbumsPreferences Albums, ImmichCastPreferences Cast, ImmichDownloadPreferences Download,
    ImmichEmailPreferences EmailNotifications, ImmichSidebarToggle Folders, ImmichMemoriesPreferences Memories,
    ImmichPeoplePreferences People, ImmichPurchasePreferences Purchase, ImmichRatingsPreferences Ratings,
    ImmichRecentlyAddedPreferences RecentlyAdded, ImmichSidebarToggle SharedLinks, ImmichSidebarToggle Tags)
{
    /// <summary>What a user who never changed anything has.</summary>
    public static readonly ImmichPreferencesDto Defaults = new(
        new("desc"), new(false), new(4L * 1024 * 1024 * 1024, false), new(false, false, false), new(false, false),
        new(5, true, false), new(true, 3, false), new(DateTimeOffset.UnixEpoch, false), new(false), new(false), new(true, false), new(false, false));
}

public sealed record ImmichAlbumsPreferences(string DefaultAssetOrder);

public sealed record ImmichCastPreferences(bool GCastEnabled);

public sealed record ImmichDownloadPreferences(long ArchiveSize, bool IncludeEmbeddedVideos);

public sealed record ImmichEmailPreferences(bool AlbumInvite, bool AlbumUpdate, bool Enabled);

public sealed record ImmichSidebarToggle(bool Enabled, bool SidebarWeb);

public sealed record ImmichMemoriesPreferences(int Duration, bool Enabled, bool SidebarWeb);

public sealed record ImmichPeoplePreferences(bool Enabled, int MinimumFaces, bool SidebarWeb);

public sealed record ImmichPurchasePreferences(DateTimeOffset HideBuyButtonUntil, bool ShowSupportBadge);

public sealed record ImmichRatingsPreferences(bool Enabled);

public sealed record ImmichRecentlyAddedPreferences(bool SidebarWeb);

/// <summary>
/// Immich's UserPreferencesUpdateDto: the app sends only the sections (and fields) it changes; each <c>Apply</c> keeps
/// what is not sent. Enum values and dates arrive as text so a bad one gets a message naming it.
/// </summary>
public sealed record ImmichPreferencesUpdate(
    ImmichAlbumsUpdate? Albums, ImmichAvatarUpdate? Avatar, ImmichCastUpdate? Cast, ImmichDownloadUpdate? Download,
    ImmichEmailUpdate? EmailNotifications, ImmichSidebarToggleUpdate? Folders, ImmichMemoriesUpdate? Memories, ImmichPeopleUpdate? People,
    ImmichPurchaseUpdate? Purchase, ImmichRatingsUpdate? Ratings, ImmichRecentlyAddedUpdate? RecentlyAdded, ImmichSidebarToggleUpdate? SharedLinks,
    ImmichSidebarToggleUpdate? Tags);

public sealed record ImmichAlbumsUpdate(string? DefaultAssetOrder)
{
    public ImmichAlbumsPreferences Apply(ImmichAlbumsPreferences p) => new(DefaultAssetOrder ?? p.DefaultAssetOrder);
}

public sealed record ImmichAvatarUpdate(string? Color);

public sealed record ImmichCastUpdate(bool? GCastEnabled)
{
    public ImmichCastPreferences Apply(ImmichCastPreferences p) => new(GCastEnabled ?? p.GCastEnabled);
}

public sealed record ImmichDownloadUpdate(long? ArchiveSize, bool? IncludeEmbeddedVideos)
{
    public ImmichDownloadPreferences Apply(ImmichDownloadPreferences p) => new(ArchiveSize ?? p.ArchiveSize, IncludeEmbeddedVideos ?? p.IncludeEmbeddedVideos);
}

public sealed record ImmichEmailUpdate(bool? AlbumInvite, bool? AlbumUpdate, bool? Enabled)
{
    public ImmichEmailPreferences Apply(ImmichEmailPreferences p) => new(AlbumInvite ?? p.AlbumInvite, AlbumUpdate ?? p.AlbumUpdate, Enabled ?? p.Enabled);
}

public sealed record ImmichSidebarToggleUpdate(bool? Enabled, bool? SidebarWeb)
{
    public ImmichSidebarToggle Apply(ImmichSidebarToggle p) => new(Enabled ?? p.Enabled, SidebarWeb ?? p.SidebarWeb);
}

public sealed record ImmichMemoriesUpdate(int? Duration, bool? Enabled, bool? SidebarWeb)
{
    public ImmichMemoriesPreferences Apply(ImmichMemoriesPreferences p) => new(Duration ?? p.Duration, Enabled ?? p.Enabled, SidebarWeb ?? p.SidebarWeb);
}

public sealed record ImmichPeopleUpdate(bool? Enabled, int? MinimumFaces, bool? SidebarWeb)
{
    public ImmichPeoplePreferences Apply(ImmichPeoplePreferences p) => new(Enabled ?? p.Enabled, MinimumFaces ?? p.MinimumFaces, SidebarWeb ?? p.SidebarWeb);
}

public sealed record ImmichPurchaseUpdate(string? HideBuyButtonUntil, bool? ShowSupportBadge);

public sealed record ImmichRatingsUpdate(bool? Enabled)
{
    public ImmichRatingsPreferences Apply(ImmichRatingsPreferences p) => new(Enabled ?? p.Enabled);
}

public sealed record ImmichRecentlyAddedUpdate(bool? SidebarWeb)
{
    public ImmichRecentlyAddedPreferences Apply(ImmichRecentlyAddedPreferences p) => new(SidebarWeb ?? p.SidebarWeb);
}

/// <summary>What <c>user_preferences</c> holds per user: the preferences, and the avatar colour once one was chosen.</summary>
public sealed record ImmichStoredPreferences(ImmichPreferencesDto Preferences, string? AvatarColor);
