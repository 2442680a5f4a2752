using System.Buffers.Binary;

namespace PiVault.Media.Formats;

/// <summary>The maker-note layouts the walker knows how to enter.</summary>
public enum MakerNoteVendor
{
    /// <summary>"Nikon\0": its own TIFF header 10 bytes in; offsets relative to that header.</summary>
    Nikon,

    /// <summary>"OLYMPUS\0"/"OM SYSTEM\0" (offsets from the note's start) or "OLYMP\0"/"EPSON\0" (from the file's TIFF header).</summary>
    Olympus,

    /// <summary>"AOC\0" (offsets from the file's TIFF header) or "PENTAX \0" (from the note's start).</summary>
    Pentax,

    /// <summary>"Apple iOS\0", a version, the byte order at 12 and the IFD at 14; offsets from the note's start.</summary>
    Apple,

    /// <summary>No known prefix: a bare IFD in the file's TIFF structure, as Minolta writes it.</summary>
    Bare,
}

/// <summary>Where a maker note's IFD lies: the structure its offsets are relative to, and the IFD's offset in it.</summary>
public readonly record struct MakerNoteLocation(MakerNoteVendor Vendor, TiffReader View, long DirectoryOffset);

/// <summary>
/// Finds the IFD inside a maker note. Each maker picks its own prefix, byte order and base for offsets; DNG converters
/// move the note into DNGPrivateData together with its original offset, which restores the file-relative base.
/// </summary>
public static class MakerNotes
{
    private const int MinimumLength = 16;

    /// <summary>The IFD of the maker note at [<paramref name="start"/>, +<paramref name="length"/>) of <paramref name="original"/>'s structure.</summary>
    public static MakerNoteLocation? Locate(TiffReader original, long start, long length)
    {
        Span<byte> head = stackalloc byte[MinimumLength];
        if (length < head.Length || !original.Source.TryReadExactly(start, head))
        {
            return null;
        }
        if (head.StartsWith("Nikon\0"u8))
        {
            return TiffReader.TryOpen(original.Source, start + 10) is { } nikon ? new(MakerNoteVendor.Nikon, nikon, nikon.FirstIfdOffset) : null;
        }
        if (head.StartsWith("OLYMPUS\0"u8))
        {
            return ByteOrder.FromMark(head[8..10]) is { } order ? new(MakerNoteVendor.Olympus, original.At(start, order), 12) : null;
        }
        if (head.StartsWith("OM SYSTEM\0"u8))
        {
            return ByteOrder.FromMark(head[12..14]) is { } order ? new(MakerNoteVendor.Olympus, original.At(start, order), 16) : null;
        }
        if (head.StartsWith("OLYMP\0"u8) || head.StartsWith("EPSON\0"u8))
        {
            return new(MakerNoteVendor.Olympus, original, start + 8 - original.Origin);
        }
        if (head.StartsWith("AOC\0"u8))
        {
            var order = ByteOrder.FromMark(head[4..6]) ?? original.Order;
            return new(MakerNoteVendor.Pentax, original.At(original.Origin, order), start + 6 - original.Origin);
        }
        if (head.StartsWith("PENTAX \0"u8))
        {
            return ByteOrder.FromMark(head[8..10]) is { } order ? new(MakerNoteVendor.Pentax, original.At(start, order), 10) : null;
        }
        if (head.StartsWith("Apple iOS\0"u8))
        {
            return ByteOrder.FromMark(head[12..14]) is { } order ? new(MakerNoteVendor.Apple, original.At(start, order), 14) : null;
        }
        return new(MakerNoteVendor.Bare, original, start - original.Origin);
    }

    /// <summary>
    /// DNGPrivateData: "Adobe\0", "MakN", a big-endian count, the note's byte order and original offset, then the note.
    /// Returns the note with a structure whose origin is where the original file's TIFF header was.
    /// </summary>
    public static MakerNoteLocation? LocateInDngPrivateData(TiffReader tiff, TiffEntry privateData)
    {
        Span<byte> head = stackalloc byte[20];
        if (privateData.ByteLength < head.Length || !tiff.Source.TryReadExactly(privateData.DataPosition, head)
            || !head.StartsWith("Adobe\0MakN"u8) || ByteOrder.FromMark(head[14..16]) is not { } order)
        {
            return null;
        }
        var noteLength = (long)BinaryPrimitives.ReadUInt32BigEndian(head[10..14]) - 6;
        var originalOffset = BinaryPrimitives.ReadUInt32BigEndian(head[16..20]);
        var noteStart = privateData.DataPosition + head.Length;
        var original = tiff.At(noteStart - originalOffset, order);
        return Locate(original, noteStart, Math.Min(noteLength, privateData.ByteLength - head.Length));
    }
}
