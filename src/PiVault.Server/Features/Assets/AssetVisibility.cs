namespace PiVault.Server.Features.Assets;

/// <summary>
/// Where an asset may be shown (<c>assets.visibility</c>, migration 0023), as Immich's <c>AssetVisibility</c>:
/// the main timeline, the archive (out of the timeline, still in favourites, albums and search), hidden (listed
/// nowhere: the video half of a Live Photo) and locked (only in the locked folder).
/// </summary>
public enum AssetVisibility
{
    Timeline,
    Archive,
    Hidden,
    Locked,
}

public static class AssetVisibilities
{
    /// <summary>The SQL condition on an <c>assets</c> row for what lists outside the locked folder may show (archive included).</summary>
    public const string ListedSql = "visibility IN ('timeline', 'archive')";

    /// <summary>The database's and Immich's name of a visibility.</summary>
    public static string ToDb(this AssetVisibility visibility) => visibility switch
    {
        AssetVisibility.Archive => "archive",
        AssetVisibility.Hidden => "hidden",
        AssetVisibility.Locked => "locked",
        _ => "timeline",
    };

    public static AssetVisibility FromDb(string value) => value switch
    {
        "archive" => AssetVisibility.Archive,
        "hidden" => AssetVisibility.Hidden,
        "locked" => AssetVisibility.Locked,
        _ => AssetVisibility.Timeline,
    };

    /// <summary>Immich's <c>visibility</c> parameter; null when it names none.</summary>
    public static AssetVisibility? Parse(string? value) => value switch
    {
        "timeline" => AssetVisibility.Timeline,
        "archive" => AssetVisibility.Archive,
        "hidden" => AssetVisibility.Hidden,
        "locked" => AssetVisibility.Locked,
        _ => null,
    };
}
