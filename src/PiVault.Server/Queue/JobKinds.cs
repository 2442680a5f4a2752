namespace PiVault.Server.Queue;

/// <summary>
/// The names of the kinds of work and of their queues, as stored in the <c>jobs</c> table. Everything else about a
/// kind (its queue, load, which assets, done marker, handler, follow-ups, label) is its row in <c>Pipeline/JobSteps</c>.
/// </summary>
public static class JobKinds
{
    public const string Metadata = "asset.metadata";
    public const string Thumbnails = "asset.thumbnails";
    public const string VideoPlayback = "asset.video-playback";
    public const string TierCold = "asset.tier-cold";
    public const string Ocr = "asset.ocr";
    public const string Duplicates = "asset.duplicates";
    public const string SmartSearch = "asset.smart-search";
    public const string Faces = "asset.faces";
    public const string People = "asset.people";

    public const string MetadataQueue = "metadata";
    public const string ThumbnailQueue = "thumbnails";
    public const string VideoQueue = "video";
    public const string StorageQueue = "storage";
    public const string OcrQueue = "ocr";
    public const string DuplicatesQueue = "duplicates";
    public const string SmartSearchQueue = "smart-search";
    public const string FacesQueue = "faces";
    public const string PeopleQueue = "people";
}
