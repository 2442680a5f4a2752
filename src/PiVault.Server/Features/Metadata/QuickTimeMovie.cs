using System.Text;
using PiVault.Media.Formats;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// Reads a <c>moov</c> box: creation time and duration (mvhd), the frame size (tkhd), GPS (<c>©xyz</c>), Apple's
/// <c>mdta</c> keys (creation date with offset, ISO 6709 location, make, model) and Canon CR3's EXIF (CMT boxes).
/// </summary>
internal static class QuickTimeMovie
{
    private const int MaxDepth = 6;
    private static readonly DateTime QuickTimeEpoch = new(1904, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static void Read(ByteSource source, IsoBox moov, FoundMetadata into) => ReadChildren(source, moov, into, 0);

    private static void ReadChildren(ByteSource source, IsoBox parent, FoundMetadata into, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }
        foreach (var box in IsoBox.Children(source, parent.ContentStart, parent.End))
        {
            switch (box.Type)
            {
                case "mvhd": ReadMovieHeader(box.ReadContent(source, 256), into); break;
                case "tkhd": ReadTrackHeader(box.ReadContent(source, 256), into); break;
                case "trak" or "udta": ReadChildren(source, box, into, depth + 1); break;
                case "meta": ReadMeta(source, box, into); break;
                case "\u00A9xyz": ReadUserDataLocation(box.ReadContent(source, 1024), into); break;
                case "loci": ReadThreeGppLocation(box.ReadContent(source, 4096), into); break;
                case "date": into.SetQuickTimeCreationDate(box.ReadContent(source, 64) is { } date ? Encoding.UTF8.GetString(date) : null); break;
                case "XMP_": ReadXmp(box.ReadContent(source), into); break;
                case "uuid": ReadUuidBox(source, box, into); break;
            }
        }
    }

    private static void ReadMovieHeader(byte[]? content, FoundMetadata into)
    {
        if (content is null)
        {
            return;
        }
        var cursor = new BigEndianCursor(content);
        var version = cursor.ReadUInt(1);
        cursor.Skip(3);
        var created = version == 1 ? cursor.U64() : cursor.U32();
        _ = version == 1 ? cursor.U64() : cursor.U32();
        var timescale = cursor.U32();
        var duration = version == 1 ? cursor.U64() : cursor.U32();
        if (cursor.Overrun)
        {
            return;
        }
        if (created is > 0 and < 200UL * 365 * 86400)
        {
            into.SetQuickTimeCreatedUtc(QuickTimeEpoch.AddSeconds(created));
        }
        if (timescale > 0 && duration is > 0 and < ulong.MaxValue / 2)
        {
            into.SetDuration((double)duration / timescale);
        }
    }

    /// <summary>Track width and height are 16.16 fixed-point at the end of tkhd; audio tracks have 0.</summary>
    private static void ReadTrackHeader(byte[]? content, FoundMetadata into)
    {
        if (content is null)
        {
            return;
        }
        var cursor = new BigEndianCursor(content);
        var version = cursor.ReadUInt(1);
        cursor.Position = version == 1 ? 88 : 76;
        var width = cursor.U32() >> 16;
        var height = cursor.U32() >> 16;
        if (!cursor.Overrun && width > 0 && height > 0)
        {
            into.SetSize(width, height);
        }
    }

    /// <summary>udta/©xyz: a 16-bit length, a 16-bit language code, then ISO 6709 text.</summary>
    private static void ReadUserDataLocation(byte[]? content, FoundMetadata into)
    {
        if (content is null || content.Length < 4)
        {
            return;
        }
        var length = Math.Min((content[0] << 8) | content[1], content.Length - 4);
        SetIso6709(Encoding.UTF8.GetString(content, 4, length), into);
    }

    /// <summary>
    /// 3GPP loci (Samsung and FLIR write it): version/flags, language, a NUL-terminated name, a role byte, then
    /// longitude, latitude and altitude as signed 16.16 fixed point.
    /// </summary>
    private static void ReadThreeGppLocation(byte[]? content, FoundMetadata into)
    {
        if (content is null)
        {
            return;
        }
        var cursor = new BigEndianCursor(content);
        cursor.Skip(6);
        SkipString(ref cursor);
        cursor.Skip(1);
        var longitude = (int)cursor.U32() / 65536.0;
        var latitude = (int)cursor.U32() / 65536.0;
        var altitude = (int)cursor.U32() / 65536.0;
        if (!cursor.Overrun)
        {
            into.SetPosition(latitude, longitude);
            into.SetAltitude(altitude);
        }
    }

    /// <summary>A 3GPP string: UTF-8 ending in one NUL, or UTF-16 (with a BOM) ending in two.</summary>
    private static void SkipString(ref BigEndianCursor cursor)
    {
        var first = cursor.U16();
        if (first == 0xFEFF)
        {
            while (!cursor.Overrun && cursor.U16() != 0)
            {
            }
            return;
        }
        cursor.Position -= 2;
        cursor.CString();
    }

    private static void SetIso6709(string text, FoundMetadata into)
    {
        if (Iso6709.TryParse(text) is { } location)
        {
            into.SetPosition(location.Latitude, location.Longitude);
            if (location.Altitude is { } altitude)
            {
                into.SetAltitude(altitude);
            }
        }
    }

    /// <summary>
    /// A QuickTime meta box (not a full box, unlike ISO's) with hdlr, keys and ilst: ilst's children are typed by
    /// their 1-based index into keys and hold a data box (type 1 = UTF-8 text).
    /// </summary>
    private static void ReadMeta(ByteSource source, IsoBox meta, FoundMetadata into)
    {
        var children = IsoBox.Children(source, meta.MetaChildrenStart(source), meta.End).ToList();
        var keys = children.FirstOrDefault(b => b.Type == "keys") is { End: > 0 } keysBox ? ReadKeys(keysBox.ReadContent(source, 1 << 20)) : [];
        foreach (var ilst in children.Where(b => b.Type == "ilst"))
        {
            foreach (var item in IsoBox.Children(source, ilst.ContentStart, ilst.End))
            {
                var key = KeyName(item.Type, keys);
                if (key is null)
                {
                    continue;
                }
                var value = ReadTextValue(source, item);
                switch (key)
                {
                    case "com.apple.quicktime.creationdate": into.SetQuickTimeCreationDate(value); break;
                    case "com.apple.quicktime.location.ISO6709" or "\u00A9xyz": if (value is not null) { SetIso6709(value, into); } break;
                    case "com.apple.quicktime.make": into.SetMake(value); break;
                    case "com.apple.quicktime.model": into.SetModel(value); break;
                    case "com.apple.quicktime.content.identifier": into.SetContentIdentifier(value); break;
                }
            }
        }
    }

    /// <summary>keys: a full box with a count, then (size, namespace, name) entries; index 1 is the first.</summary>
    private static List<string> ReadKeys(byte[]? content)
    {
        var keys = new List<string>();
        if (content is null)
        {
            return keys;
        }
        var cursor = new BigEndianCursor(content);
        cursor.Skip(4);
        var count = cursor.U32();
        for (var i = 0; i < count && i < 4096 && !cursor.Overrun; i++)
        {
            var size = (int)cursor.U32();
            cursor.FourCC();
            var nameLength = size - 8;
            if (nameLength < 0 || nameLength > cursor.Remaining)
            {
                break;
            }
            keys.Add(Encoding.UTF8.GetString(content, cursor.Position, nameLength));
            cursor.Skip(nameLength);
        }
        return keys;
    }

    private static string? KeyName(string itemType, List<string> keys)
    {
        var bytes = Encoding.Latin1.GetBytes(itemType);
        var index = (bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3];
        if (index >= 1 && index <= keys.Count)
        {
            return keys[index - 1];
        }
        // iTunes-style lists name items by their own four-character code.
        return itemType == "\u00A9xyz" ? itemType : null;
    }

    private static string? ReadTextValue(ByteSource source, IsoBox item)
    {
        foreach (var data in IsoBox.Children(source, item.ContentStart, item.End))
        {
            if (data.Type != "data" || data.ReadContent(source, 4096) is not { Length: > 8 } content)
            {
                continue;
            }
            var cursor = new BigEndianCursor(content);
            var typeIndicator = cursor.U32() & 0xFFFFFF;
            // 1 = UTF-8; 0 = reserved, which some writers use for text too.
            if (typeIndicator is 1 or 0)
            {
                return FoundMetadata.Clean(Encoding.UTF8.GetString(content, 8, content.Length - 8));
            }
        }
        return null;
    }

    private static void ReadXmp(byte[]? content, FoundMetadata into)
    {
        if (content is not null)
        {
            XmpReader.Read(content, into);
        }
    }

    private static void ReadUuidBox(ByteSource source, IsoBox box, FoundMetadata into)
    {
        if (!box.IsUuid(source, CanonCr3.MetadataUuid))
        {
            return;
        }
        foreach (var cmt in IsoBox.Children(source, box.ContentStart + IsoBox.UserTypeLength, box.End))
        {
            var kind = cmt.Type switch { "CMT1" => TiffBlockKind.Ifd0, "CMT2" => TiffBlockKind.ExifIfd, "CMT4" => TiffBlockKind.GpsIfd, _ => (TiffBlockKind?)null };
            if (kind is not null && cmt.ReadContent(source, 1 << 20) is { } content)
            {
                ExifReader.TryReadTiffBlock(new MemoryByteSource(content), kind.Value, into);
            }
        }
    }
}
