using System.Buffers.Binary;
using System.Text;

namespace PiVault.Native.Vips;

/// <summary>
/// Just enough ICC parsing to recognise an sRGB profile. Most camera JPEGs embed "sRGB IEC61966-2.1";
/// converting those to sRGB through Little CMS changes nothing and costs about as much as the decode.
/// </summary>
internal static class IccProfile
{
    /// <summary>
    /// True for an RGB profile whose description starts with "sRGB" ("sRGB IEC61966-2.1", "sRGB IEC61966-2-1
    /// black scaled", …). Display P3 (including Apple's "DCI-P3 D65 Gamut with sRGB Transfer"), Adobe RGB and
    /// anything unreadable answer false, so they are still converted.
    /// </summary>
    public static bool IsSrgb(ReadOnlySpan<byte> profile) =>
        profile.Length >= 132 && profile.Slice(16, 4).SequenceEqual("RGB "u8) && Description(profile).StartsWith("sRGB", StringComparison.Ordinal);

    /// <summary>The 'desc' tag's text: ICC v2 textDescriptionType (ASCII) or v4 multiLocalizedUnicodeType (first record, UTF-16BE).</summary>
    internal static string Description(ReadOnlySpan<byte> profile)
    {
        var tagCount = BinaryPrimitives.ReadUInt32BigEndian(profile.Slice(128, 4));
        for (var i = 0; i < tagCount && 132 + (i + 1) * 12 <= profile.Length; i++)
        {
            var entry = profile.Slice(132 + i * 12, 12);
            if (entry[..4].SequenceEqual("desc"u8))
            {
                var offset = BinaryPrimitives.ReadUInt32BigEndian(entry.Slice(4, 4));
                var size = BinaryPrimitives.ReadUInt32BigEndian(entry.Slice(8, 4));
                return offset <= profile.Length && size <= profile.Length - offset && size >= 12
                    ? DescriptionText(profile.Slice((int)offset, (int)size))
                    : "";
            }
        }
        return "";
    }

    private static string DescriptionText(ReadOnlySpan<byte> tag)
    {
        if (tag[..4].SequenceEqual("desc"u8))
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(tag.Slice(8, 4));
            return length <= tag.Length - 12 ? Encoding.ASCII.GetString(tag.Slice(12, (int)length)).TrimEnd('\0') : "";
        }
        if (tag[..4].SequenceEqual("mluc"u8) && tag.Length >= 28 && BinaryPrimitives.ReadUInt32BigEndian(tag.Slice(8, 4)) > 0)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(tag.Slice(20, 4));
            var offset = BinaryPrimitives.ReadUInt32BigEndian(tag.Slice(24, 4));
            return offset <= tag.Length && length <= tag.Length - offset ? Encoding.BigEndianUnicode.GetString(tag.Slice((int)offset, (int)length)) : "";
        }
        return "";
    }
}
