using System.Buffers.Binary;

namespace PiVault.Native.Vips;

/// <summary>
/// Just enough ICC parsing to recognise an sRGB profile. Most camera JPEGs embed "sRGB IEC61966-2.1";
/// converting those to sRGB through Little CMS changes nothing and costs about as much as the decode.
/// </summary>
internal static class IccProfile
{
    /// <summary>
    /// True for an RGB profile whose description names sRGB (v2 ASCII "desc" or v4 UTF-16 "mluc" text).
    /// Display P3, Adobe RGB and anything unreadable answer false, so they still get converted.
    /// </summary>
    public static bool IsSrgb(ReadOnlySpan<byte> profile)
    {
        if (profile.Length < 132 || !profile.Slice(16, 4).SequenceEqual("RGB "u8))
        {
            return false;
        }
        var tagCount = BinaryPrimitives.ReadUInt32BigEndian(profile.Slice(128, 4));
        for (var i = 0L; i < tagCount && 132 + (i + 1) * 12 <= profile.Length; i++)
        {
            var entry = profile.Slice(132 + (int)i * 12, 12);
            if (!entry[..4].SequenceEqual("desc"u8))
            {
                continue;
            }
            var offset = BinaryPrimitives.ReadUInt32BigEndian(entry.Slice(4, 4));
            var size = BinaryPrimitives.ReadUInt32BigEndian(entry.Slice(8, 4));
            if (offset > profile.Length || size > profile.Length - offset)
            {
                return false;
            }
            var description = profile.Slice((int)offset, (int)size);
            return description.IndexOf("sRGB"u8) >= 0 || description.IndexOf("\0s\0R\0G\0B"u8) >= 0;
        }
        return false;
    }
}
