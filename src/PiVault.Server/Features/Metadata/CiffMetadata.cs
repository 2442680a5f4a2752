using System.Globalization;
using System.Text;
using PiVault.Media.Formats;

namespace PiVault.Server.Features.Metadata;

/// <summary>The capture time (0x180E) and make/model (0x080A) of Canon CIFF: a CRW raw, or the APP0 block of an early PowerShot JPEG.</summary>
internal static class CiffMetadata
{
    private const int CaptureTime = 0x180E, MakeModel = 0x080A;

    /// <summary>Reads CIFF whose header ("II", header length, "HEAP…") starts at <paramref name="origin"/>; false when there is none.</summary>
    public static bool Read(ByteSource source, long origin, long length, FoundMetadata into)
    {
        if (CiffReader.TryOpen(source, origin, length) is not { } ciff)
        {
            return false;
        }
        foreach (var entry in ciff.Entries())
        {
            if (entry.Id == CaptureTime && ciff.ReadUInt32(entry, 0) is { } seconds)
            {
                // Seconds since 1970 on the camera's clock: a wall clock, not UTC.
                var wall = DateTime.UnixEpoch.AddSeconds(seconds);
                into.Original.SetValue(wall.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture));
            }
            else if (entry.Id == MakeModel && source.ReadBlock(entry.Offset, Math.Min(entry.Size, 256)) is { } text)
            {
                var parts = Encoding.Latin1.GetString(text).Split('\0');
                into.SetMake(parts[0]);
                into.SetModel(parts.Length > 1 ? parts[1] : null);
            }
        }
        return true;
    }
}
