using PiVault.Media.Formats;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// Reads the HEIF/AVIF item structure of a <c>meta</c> box: <c>iinf</c> names the items, <c>iloc</c> says where their
/// bytes are, and the items of type <c>Exif</c> (and XMP <c>mime</c> items) are handed to the EXIF and XMP readers.
/// </summary>
internal static class HeifItems
{
    private const int MaxItems = 65_536;

    // Items may share extents, so the number read (each up to 8 MB) is what bounds memory.
    private const int MaxMetadataItemsRead = 4;

    private readonly record struct Extent(long Offset, long Length);

    private sealed record ItemLocation(int ConstructionMethod, long BaseOffset, List<Extent> Extents);

    public static void Read(ByteSource source, IsoBox meta, FoundMetadata into)
    {
        var exifItems = new List<uint>();
        var xmpItems = new List<uint>();
        var locations = new Dictionary<uint, ItemLocation>();
        IsoBox? idat = null;
        // meta is a full box: 4 bytes of version and flags before its children.
        foreach (var box in IsoBox.Children(source, meta.ContentStart + 4, meta.End))
        {
            switch (box.Type)
            {
                case "iinf": ReadItemInfo(source, box, exifItems, xmpItems); break;
                case "iloc": ReadItemLocations(box.ReadContent(source), locations); break;
                case "idat": idat = box; break;
                case "iprp": ReadImageSize(source, box, into); break;
            }
        }
        foreach (var id in exifItems.Take(MaxMetadataItemsRead))
        {
            if (locations.TryGetValue(id, out var location) && ReadItem(source, location, idat) is { } bytes)
            {
                ReadExifItem(bytes, into);
            }
        }
        foreach (var id in xmpItems.Take(MaxMetadataItemsRead))
        {
            if (locations.TryGetValue(id, out var location) && ReadItem(source, location, idat) is { } bytes)
            {
                XmpReader.Read(bytes, into);
            }
        }
    }

    /// <summary>An Exif item starts with a 32-bit offset from its end to the TIFF header (usually 6, skipping "Exif\0\0").</summary>
    private static void ReadExifItem(byte[] bytes, FoundMetadata into)
    {
        var cursor = new BigEndianCursor(bytes);
        var offset = cursor.U32();
        if (!cursor.Overrun && offset < bytes.Length - 4 && ExifReader.TryRead(new MemoryByteSource(bytes), 4 + offset, into))
        {
            return;
        }
        ExifReader.TryReadExifBlock(bytes, into);
    }

    private static void ReadItemInfo(ByteSource source, IsoBox iinf, List<uint> exifItems, List<uint> xmpItems)
    {
        Span<byte> versionAndCount = stackalloc byte[4];
        if (!source.TryReadExactly(iinf.ContentStart, versionAndCount))
        {
            return;
        }
        // Version 0 has a 16-bit entry count, later versions 32-bit; the infe boxes follow.
        var childrenStart = iinf.ContentStart + (versionAndCount[0] == 0 ? 6 : 8);
        foreach (var infe in IsoBox.Children(source, childrenStart, iinf.End))
        {
            if (infe.Type != "infe" || infe.ReadContent(source, 4096) is not { } content)
            {
                continue;
            }
            var cursor = new BigEndianCursor(content);
            var version = cursor.ReadUInt(1);
            cursor.Skip(3);
            if (version < 2)
            {
                continue;
            }
            var id = version == 2 ? cursor.U16() : cursor.U32();
            cursor.Skip(2);
            var type = cursor.FourCC();
            if (cursor.Overrun)
            {
                continue;
            }
            if (type == "Exif")
            {
                exifItems.Add(id);
            }
            else if (type == "mime")
            {
                cursor.CString();
                var contentType = cursor.CString();
                if (contentType.Contains("rdf+xml", StringComparison.OrdinalIgnoreCase) || contentType.Contains("xmp", StringComparison.OrdinalIgnoreCase))
                {
                    xmpItems.Add(id);
                }
            }
        }
    }

    private static void ReadItemLocations(byte[]? content, Dictionary<uint, ItemLocation> locations)
    {
        if (content is null)
        {
            return;
        }
        var cursor = new BigEndianCursor(content);
        var version = (int)cursor.ReadUInt(1);
        cursor.Skip(3);
        var sizes = cursor.U16();
        int offsetSize = sizes >> 12, lengthSize = (sizes >> 8) & 0xF, baseOffsetSize = (sizes >> 4) & 0xF;
        var indexSize = version is 1 or 2 ? sizes & 0xF : 0;
        var itemCount = version < 2 ? cursor.U16() : cursor.U32();
        for (var i = 0u; i < Math.Min(itemCount, MaxItems) && !cursor.Overrun; i++)
        {
            var id = version < 2 ? cursor.U16() : cursor.U32();
            var method = version is 1 or 2 ? cursor.U16() & 0xF : 0;
            cursor.Skip(2);
            var baseOffset = (long)cursor.ReadUInt(baseOffsetSize);
            var extentCount = cursor.U16();
            var extents = new List<Extent>();
            for (var e = 0; e < extentCount && !cursor.Overrun; e++)
            {
                cursor.ReadUInt(indexSize);
                var offset = cursor.ReadUInt(offsetSize);
                var length = cursor.ReadUInt(lengthSize);
                if (offset <= int.MaxValue * 64UL && length <= ByteSource.MaxBlockBytes)
                {
                    extents.Add(new Extent((long)offset, (long)length));
                }
            }
            if (!cursor.Overrun)
            {
                locations.TryAdd(id, new ItemLocation(method, baseOffset, extents));
            }
        }
    }

    /// <summary>The item's bytes: its extents concatenated, from the file (method 0) or the idat box (method 1), bounded.</summary>
    private static byte[]? ReadItem(ByteSource source, ItemLocation location, IsoBox? idat)
    {
        long origin;
        if (location.ConstructionMethod == 0)
        {
            origin = 0;
        }
        else if (location.ConstructionMethod == 1 && idat is { } data)
        {
            origin = data.ContentStart;
        }
        else
        {
            return null;
        }
        var total = location.Extents.Sum(e => e.Length);
        if (location.Extents.Count == 0 || total <= 0 || total > ByteSource.MaxBlockBytes)
        {
            return null;
        }
        var result = new byte[total];
        var written = 0;
        foreach (var extent in location.Extents)
        {
            var start = origin + location.BaseOffset + extent.Offset;
            if (!source.TryReadExactly(start, result.AsSpan(written, (int)extent.Length)))
            {
                // A truncated file: keep what precedes the missing part.
                return written > 0 ? result[..written] : source.ReadBlockClamped(start, extent.Length);
            }
            written += (int)extent.Length;
        }
        return result;
    }

    /// <summary>The largest <c>ispe</c> is the primary image (grid) rather than a tile or thumbnail.</summary>
    private static void ReadImageSize(ByteSource source, IsoBox iprp, FoundMetadata into)
    {
        long bestWidth = 0, bestHeight = 0;
        foreach (var ipco in IsoBox.Children(source, iprp.ContentStart, iprp.End).Where(b => b.Type == "ipco"))
        {
            foreach (var ispe in IsoBox.Children(source, ipco.ContentStart, ipco.End).Where(b => b.Type == "ispe"))
            {
                if (ispe.ReadContent(source, 64) is not { } content)
                {
                    continue;
                }
                var cursor = new BigEndianCursor(content);
                cursor.Skip(4);
                long width = cursor.U32(), height = cursor.U32();
                if (!cursor.Overrun && width * height > bestWidth * bestHeight)
                {
                    (bestWidth, bestHeight) = (width, height);
                }
            }
        }
        if (bestWidth > 0)
        {
            into.SetSize(bestWidth, bestHeight);
        }
    }
}
