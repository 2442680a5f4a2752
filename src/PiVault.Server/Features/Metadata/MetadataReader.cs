using PiVault.Server.Features.Places;
using PiVault.Media.Formats;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// PiVault's own metadata reader: recognises the container by its first bytes (never by the file name), lets the
/// matching parser collect values, then applies the date fallbacks. Bad input yields fewer values, never an exception.
/// </summary>
public sealed class MetadataReader(ITimeZoneLocator? timeZones = null) : IMetadataReader
{
    public MediaMetadata Read(string path, string originalFileName, DateTimeOffset fileModifiedAt)
    {
        var found = new FoundMetadata();
        string? problem = null;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
            Parse(new FileByteSource(handle), found);
        }
        catch (Exception e)
        {
            // Whatever was found before the failure is kept; the caller still gets a date.
            problem = $"{e.GetType().Name}: {e.Message}";
        }
        try
        {
            return Build(found, originalFileName, fileModifiedAt, timeZones) with { Problem = problem };
        }
        catch (Exception e)
        {
            // Only a broken time-zone data file could get here; the file name and file time still give a date.
            return Build(new FoundMetadata(), originalFileName, fileModifiedAt) with { Problem = $"{e.GetType().Name}: {e.Message}" };
        }
    }

    internal static void Parse(ByteSource source, FoundMetadata found)
    {
        Span<byte> head = stackalloc byte[16];
        var length = source.ReadAt(0, head);
        head = head[..length];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            found.Format = "jpeg";
            JpegParser.Read(source, 0, found);
        }
        else if (head.StartsWith(PngChunks.Signature[..4]))
        {
            PngParser.Read(source, found);
        }
        else if (head.StartsWith(RiffChunks.Magic))
        {
            RiffParser.Read(source, found);
        }
        else if (IsoBmffParser.Looks(head))
        {
            IsoBmffParser.Read(source, found);
        }
        else if (head.StartsWith(RafHeader.Magic))
        {
            RawContainers.ReadFujiRaf(source, found);
        }
        else if (head.StartsWith(X3fDirectory.Magic))
        {
            RawContainers.ReadSigmaX3f(source, found);
        }
        else if (head.StartsWith(MrwBlocks.Magic))
        {
            RawContainers.ReadMinoltaMrw(source, found);
        }
        else if (head.Length >= 14 && head[6..14].SequenceEqual(CiffReader.CrwMagic))
        {
            found.Format = "crw";
            CiffMetadata.Read(source, 0, source.Length, found);
        }
        else if (head.StartsWith(RawContainers.PhotoshopMagic))
        {
            RawContainers.ReadPhotoshop(source, found);
        }
        else if (ExifReader.TryRead(source, 0, found, isWholeTiffFile: true))
        {
            found.Format = "tiff";
        }
        MotionPhotoXmp.Locate(source, found);
    }

    internal static MediaMetadata Build(FoundMetadata found, string originalFileName, DateTimeOffset fileModifiedAt, ITimeZoneLocator? timeZones = null)
    {
        var date = CaptureDate.Resolve(found, originalFileName, fileModifiedAt);
        var zone = found.HasGps ? FindZone(timeZones?.TimeZoneAt(found.Latitude!.Value, found.Longitude!.Value)) : null;
        if (zone is not null)
        {
            date = date.InZone(zone);
        }
        var hasSize = found.Width is not null;
        return new MediaMetadata(
            date.Utc, date.Local, date.Offset, date.Source,
            found.Latitude, found.Longitude, found.HasGps ? found.Altitude : null,
            found.Make, found.Model, found.LensModel, found.ExposureSeconds, found.FNumber, found.Iso, found.FocalLengthMm,
            found.Orientation, found.Description,
            hasSize ? found.Width : found.ExifWidth, hasSize ? found.Height : found.ExifHeight,
            found.DurationSeconds)
        {
            Format = found.Format,
            UtcOffsetSource = date.OffsetSource,
            TimeZoneId = zone?.Id,
            ContentIdentifier = found.ContentIdentifier,
            Rating = found.Rating,
            EmbeddedVideo = found.EmbeddedVideo,
            MotionPhotoProblem = found.MotionPhotoProblem,
        };
    }

    /// <summary>The system's rules for an IANA id (tzdata); null when this system does not know the zone.</summary>
    private static TimeZoneInfo? FindZone(string? id)
    {
        if (id is null)
        {
            return null;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
