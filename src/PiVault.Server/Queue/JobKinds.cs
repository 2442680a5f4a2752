namespace PiVault.Server.Queue;

/// <summary>The kinds of work and the queue each runs on. Queues are what the admin pauses and the governor throttles.</summary>
public static class JobKinds
{
    public const string Metadata = "asset.metadata";
    public const string Thumbnails = "asset.thumbnails";
    public const string VideoPlayback = "asset.video-playback";

    public const string MetadataQueue = "metadata";
    public const string ThumbnailQueue = "thumbnails";
    public const string VideoQueue = "video";

    public static readonly IReadOnlyList<string> All = [Metadata, Thumbnails, VideoPlayback];

    public static readonly IReadOnlyList<string> Queues = [MetadataQueue, ThumbnailQueue, VideoQueue];

    /// <summary>
    /// Which assets a kind of work is for, as a condition on an <c>assets</c> row: jobs are queued only for those, and the
    /// admin's "missing"/"all" counts use the same rule.
    /// </summary>
    public static string AppliesTo(string kind) => kind switch
    {
        Metadata => "1",
        Thumbnails => "type IN ('image', 'video')",
        VideoPlayback => "type = 'video'",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown job kind."),
    };

    public static string QueueOf(string kind) => kind switch
    {
        Metadata => MetadataQueue,
        Thumbnails => ThumbnailQueue,
        VideoPlayback => VideoQueue,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown job kind."),
    };
}
