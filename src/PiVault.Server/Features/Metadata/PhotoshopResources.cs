using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// Photoshop image resource blocks ("8BIM"), found in JPEG APP13 and PSD files: IPTC (0x0404) for the date editors
/// like Photo Mechanic write, EXIF (0x0422) and XMP (0x0424) in PSD files.
/// </summary>
internal static class PhotoshopResources
{
    private const int MaxResources = 4096;

    public static void Read(ReadOnlySpan<byte> data, FoundMetadata into)
    {
        var pos = 0;
        for (var count = 0; count < MaxResources && pos + 12 <= data.Length && data.Slice(pos, 4).SequenceEqual("8BIM"u8); count++)
        {
            var id = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 4)..]);
            // A Pascal name padded to an even length (the length byte included).
            var nameLength = data[pos + 6];
            var sizeAt = pos + 6 + ((nameLength + 2) & ~1);
            if (sizeAt + 4 > data.Length)
            {
                return;
            }
            var size = BinaryPrimitives.ReadUInt32BigEndian(data[sizeAt..]);
            var start = sizeAt + 4;
            if (size > data.Length - start)
            {
                return;
            }
            var block = data.Slice(start, (int)size);
            switch (id)
            {
                case 0x0404: ReadIptc(block, into); break;
                case 0x0422: ExifReader.TryReadExifBlock(block.ToArray(), into); break;
                case 0x0424: XmpReader.Read(block, into); break;
            }
            pos = start + (int)size + ((int)size & 1);
        }
    }

    /// <summary>IPTC-IIM datasets: 0x1C, record, dataset, 16-bit size; 2:55 is DateCreated (CCYYMMDD), 2:60 TimeCreated (HHMMSS±HHMM).</summary>
    private static void ReadIptc(ReadOnlySpan<byte> data, FoundMetadata into)
    {
        string? date = null, time = null;
        var pos = 0;
        while (pos + 5 <= data.Length && data[pos] == 0x1C)
        {
            var record = data[pos + 1];
            var dataset = data[pos + 2];
            var size = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 3)..]);
            // Extended sizes (high bit set) only occur for huge values we never need.
            if ((size & 0x8000) != 0 || pos + 5 + size > data.Length)
            {
                return;
            }
            var value = data.Slice(pos + 5, size);
            if (record == 2 && dataset == 55)
            {
                date = Encoding.ASCII.GetString(value);
            }
            else if (record == 2 && dataset == 60)
            {
                time = Encoding.ASCII.GetString(value);
            }
            pos += 5 + size;
        }
        if (date is { Length: 8 } && date.All(char.IsAsciiDigit))
        {
            var iso = string.Create(CultureInfo.InvariantCulture, $"{date[..4]}-{date[4..6]}-{date[6..8]}");
            if (time is { Length: >= 6 } && time[..6].All(char.IsAsciiDigit))
            {
                iso += string.Create(CultureInfo.InvariantCulture, $"T{time[..2]}:{time[2..4]}:{time[4..6]}{time[6..]}");
            }
            into.SetIptcDateCreated(iso);
        }
    }
}
