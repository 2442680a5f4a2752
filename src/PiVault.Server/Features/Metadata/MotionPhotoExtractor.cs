using System.Buffers;
using PiVault.Media.Formats;
using PiVault.Server.Features.Assets;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// Cuts the MP4 out of an Android/Samsung/Google motion photo into a video asset of its own, hidden and linked as the
/// still's live video. The still's original is only read: it stays byte for byte what the phone sent. The video goes
/// through the upload path (temp file, fsync, journalled rename, checksum dedupe, pipeline steps), so it is as durable as
/// any original and gets its thumbnails and probing like one.
/// </summary>
public sealed partial class MotionPhotoExtractor(AssetService assets, IFileStore files, ILogger<MotionPhotoExtractor> logger)
{
    private const int BufferBytes = 256 * 1024;

    /// <summary>Extracts the still's embedded video unless it already names a live video; returns the video's id, or null.</summary>
    public string? Extract(AssetRecord still, string originalPath, MediaMetadata metadata)
    {
        if (metadata.MotionPhotoProblem is { } problem)
        {
            LogNoVideo(logger, still.Id, problem);
        }
        if (still.Type != AssetType.Image || still.LivePhotoVideoId is not null || metadata.EmbeddedVideo is not { } video)
        {
            return null;
        }
        var fileName = Path.GetFileNameWithoutExtension(still.OriginalFileName) + ".mp4";
        if (CopyOut(originalPath, video, fileName, AssetService.FieldsFrom(still)) is not { } upload)
        {
            return null;
        }
        var videoId = assets.StoreMotionPhotoVideo(still, upload);
        LogExtracted(logger, still.Id, videoId, video.Length);
        return videoId;
    }

    /// <summary>Copies [offset, +length) of the original to a flushed temp file, hashing it; null (and no temp file) when the bytes are no known video.</summary>
    private ReceivedUpload? CopyOut(string originalPath, EmbeddedVideo video, string fileName, Dictionary<string, string> fields)
    {
        var temp = files.CreateTemp();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            using var source = File.OpenHandle(originalPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var sha1 = ContentChecksum.Begin();
            var head = new byte[MediaSniffer.HeadLength];
            var headLength = 0;
            for (long copied = 0; copied < video.Length;)
            {
                var read = RandomAccess.Read(source, buffer.AsSpan(0, (int)Math.Min(BufferBytes, video.Length - copied)), video.Offset + copied);
                if (read == 0)
                {
                    throw new IOException("The original ended before its embedded video did.");
                }
                var take = Math.Min(read, head.Length - headLength);
                buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                headLength += take;
                sha1.AppendData(buffer, 0, read);
                temp.Stream.Write(buffer, 0, read);
                copied += read;
            }
            temp.Stream.Flush(flushToDisk: true);
            temp.Dispose();
            if (MediaSniffer.Classify(head.AsSpan(0, headLength), fileName) is not { Type: AssetType.Video } media)
            {
                files.DiscardTemp(temp.Path);
                return null;
            }
            return new ReceivedUpload(temp.Path, sha1.GetHashAndReset(), video.Length, fileName, media, fields);
        }
        catch
        {
            temp.Dispose();
            files.DiscardTemp(temp.Path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Motion photo {AssetId} yields no video: {Problem}")]
    private static partial void LogNoVideo(ILogger logger, string assetId, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Extracted the motion photo video of {AssetId} as {VideoId} ({Bytes} bytes)")]
    private static partial void LogExtracted(ILogger logger, string assetId, string videoId, long bytes);
}
