namespace PiVault.Server.Queue;

/// <summary>The kinds of work and the queue each runs on. Queues are what the admin pauses and the governor throttles.</summary>
public static class JobKinds
{
    public const string Metadata = "asset.metadata";
    public const string Thumbnails = "asset.thumbnails";

    public const string MetadataQueue = "metadata";
    public const string ThumbnailQueue = "thumbnails";

    public static readonly IReadOnlyList<string> All = [Metadata, Thumbnails];

    public static readonly IReadOnlyList<string> Queues = [MetadataQueue, ThumbnailQueue];

    public static string QueueOf(string kind) => kind switch
    {
        Metadata => MetadataQueue,
        Thumbnails => ThumbnailQueue,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown job kind."),
    };
}
