using PiVault.Media.Formats;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// Google's motion photo XMP: the older <c>GCamera:MicroVideo</c> with <c>MicroVideoOffset</c> (the video's distance from
/// the end of the file), or <c>GCamera:MotionPhoto</c> with a <c>Container:Directory</c> of items, the video being the
/// <c>MotionPhoto</c> item (its <c>Item:Length</c> counted from the end of the file, <c>Item:Padding</c> of it not video).
/// </summary>
internal sealed class MotionPhotoXmp
{
    public bool MicroVideo { get; set; }
    public bool MotionPhoto { get; set; }
    public long? MicroVideoOffset { get; set; }
    public List<ContainerItem> Items { get; } = [];

    public bool Declared => MicroVideo || MotionPhoto || MicroVideoOffset is not null || Items.Any(i => i.Semantic == "MotionPhoto");

    /// <summary>
    /// Finds the embedded video of a JPEG or HEIC still: an HEIC's <c>mpvd</c> box (found while parsing), else the XMP's
    /// directory, else MicroVideoOffset, else Samsung's trailer. Every candidate is checked against the file; when the XMP
    /// promises a video that none gives, <see cref="FoundMetadata.MotionPhotoProblem"/> says so.
    /// </summary>
    public static void Locate(ByteSource source, FoundMetadata found)
    {
        if (found.EmbeddedVideo is not null || found.Format is not ("jpeg" or "heif"))
        {
            return;
        }
        var xmp = found.MotionPhoto;
        var video = xmp.Items.LastOrDefault(i => i.Semantic == "MotionPhoto") is { Length: { } length } item
            ? EmbeddedVideo.FromEnd(source, length, item.Padding ?? 0)
            : null;
        if (video is null && xmp.MicroVideoOffset is { } offset)
        {
            video = EmbeddedVideo.FromEnd(source, offset, 0);
        }
        video ??= SamsungTrailer.FindMotionPhoto(source);
        found.SetEmbeddedVideo(video);
        if (video is null && xmp.Declared)
        {
            found.MotionPhotoProblem = "The XMP declares a motion photo, but its offsets point at no MP4 inside the file.";
        }
    }
}

/// <summary>One <c>Container:Item</c> of a motion photo's directory.</summary>
internal sealed class ContainerItem
{
    public string? Semantic { get; set; }
    public long? Length { get; set; }
    public long? Padding { get; set; }
}
