namespace PiVault.Media.Formats;

/// <summary>Where the MP4 of a motion photo lies inside the still's file: [<see cref="Offset"/>, +<see cref="Length"/>).</summary>
public readonly record struct EmbeddedVideo(long Offset, long Length)
{
    /// <summary>A video shorter than an ftyp box header is no video.</summary>
    private const long MinimumLength = 16;

    /// <summary>
    /// The range if it lies inside the file and starts with an MP4 <c>ftyp</c> box; null otherwise. Every locator below
    /// ends here, so a lying offset in the metadata can never point outside the file or at something that is not a video.
    /// </summary>
    public static EmbeddedVideo? Checked(ByteSource source, long offset, long length)
    {
        if (offset <= 0 || length < MinimumLength || offset > source.Length - length || !source.StartsWith(offset + 4, "ftyp"u8))
        {
            return null;
        }
        return new EmbeddedVideo(offset, length);
    }

    /// <summary>
    /// Google's motion photo XMP: the video is the file's last item, <paramref name="itemLength"/> bytes before the end of
    /// the file (GCamera:MicroVideoOffset, or Container:Directory's Item:Length), of which the last
    /// <paramref name="padding"/> bytes are not the video (Samsung's trailer after it).
    /// </summary>
    public static EmbeddedVideo? FromEnd(ByteSource source, long itemLength, long padding)
    {
        if (itemLength <= 0 || padding < 0 || padding >= itemLength || itemLength > source.Length)
        {
            return null;
        }
        return Checked(source, source.Length - itemLength, itemLength - padding);
    }
}
