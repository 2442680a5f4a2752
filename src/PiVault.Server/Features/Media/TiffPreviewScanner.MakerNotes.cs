using System.Buffers.Binary;

namespace PiVault.Server.Features.Media;

/// <summary>
/// Maker notes that point at previews. Nikon's carries its own TIFF header (offsets relative to it) and a
/// PreviewIFD; Olympus's new form ("OLYMPUS\0", "OM SYSTEM\0") counts offsets from the note's start, its old form
/// ("OLYMP\0") from the file's TIFF header; Pentax ("AOC\0") counts from the file's TIFF header, its newer form
/// ("PENTAX \0") from the note; Minolta's note is a bare IFD. DNG converters keep the original note in
/// DNGPrivateData together with its original offset, which restores the file-relative base.
/// </summary>
internal sealed partial class TiffPreviewScanner
{
    private void ScanMakerNote(long start, long length, TiffView original, int depth)
    {
        Span<byte> head = stackalloc byte[16];
        if (length < head.Length || depth > MaxDepth || !file.TryRead(start, head))
        {
            return;
        }
        if (head.StartsWith("Nikon\0"u8))
        {
            ScanNikon(start + 10, depth);
        }
        else if (head.StartsWith("OLYMPUS\0"u8) && ByteOrder(head[8..10]) is { } olympusOrder)
        {
            ScanOlympus(new TiffView(start, olympusOrder), 12, depth);
        }
        else if (head.StartsWith("OM SYSTEM\0"u8) && ByteOrder(head[12..14]) is { } omOrder)
        {
            ScanOlympus(new TiffView(start, omOrder), 16, depth);
        }
        else if (head.StartsWith("OLYMP\0"u8) || head.StartsWith("EPSON\0"u8))
        {
            ScanOlympus(original, start + 8 - original.Base, depth);
        }
        else if (head.StartsWith("AOC\0"u8))
        {
            ScanPentax(original with { BigEndian = ByteOrder(head[4..6]) ?? original.BigEndian }, start + 6 - original.Base);
        }
        else if (head.StartsWith("PENTAX \0"u8) && ByteOrder(head[8..10]) is { } pentaxOrder)
        {
            ScanPentax(new TiffView(start, pentaxOrder), 10);
        }
        else
        {
            ScanOlympus(original, start - original.Base, depth); // Minolta: a bare IFD with the same preview tags
        }
    }

    private void ScanPentax(TiffView view, long directoryOffset)
    {
        if (Open(view, directoryOffset) is { } notes && notes.Value(TiffTag.PentaxPreviewStart) is { } start
            && notes.Value(TiffTag.PentaxPreviewLength) is { } length)
        {
            found.Add(view.Base + start, length, "Pentax PreviewImage");
        }
    }

    private void ScanNikon(long tiffHeader, int depth)
    {
        if (TiffView.ReadHeader(file, tiffHeader) is var (view, first) && Open(view, first) is { } notes
            && notes.Value(TiffTag.NikonPreviewIfd) is { } previewOffset && Open(view, previewOffset) is { } preview)
        {
            ScanImage(preview, "Nikon PreviewIFD", depth + 1);
        }
    }

    /// <summary>Olympus and Minolta notes: PreviewImageStart/Length, and Olympus CameraSettings with its own preview pair.</summary>
    private void ScanOlympus(TiffView view, long directoryOffset, int depth)
    {
        if (Open(view, directoryOffset) is not { } notes)
        {
            return;
        }
        if (notes.Value(TiffTag.OlympusPreviewStart) is { } start && notes.Value(TiffTag.OlympusPreviewLength) is { } length)
        {
            found.Add(view.Base + start, length, "maker note PreviewImage");
        }
        // CameraSettings is either a sub-IFD pointer or an UNDEFINED blob that is itself an IFD.
        var settingsOffset = notes.Find(TiffTag.OlympusCameraSettings) is { Type: 7 } blob
            ? notes.DataPosition(blob) - view.Base
            : notes.Value(TiffTag.OlympusCameraSettings);
        if (settingsOffset is { } offset && Open(view, offset) is { } settings
            && settings.Value(TiffTag.OlympusCameraSettingsPreviewStart) is { } previewStart
            && settings.Value(TiffTag.OlympusCameraSettingsPreviewLength) is { } previewLength)
        {
            found.Add(view.Base + previewStart, previewLength, "Olympus CameraSettings PreviewImage");
        }
    }

    /// <summary>DNGPrivateData: "Adobe\0", "MakN", big-endian count, the note's byte order and original offset, then the note.</summary>
    private void ScanDngPrivateData(long position, long length, int depth)
    {
        Span<byte> head = stackalloc byte[20];
        if (length < head.Length || !file.TryRead(position, head) || !head.StartsWith("Adobe\0MakN"u8) || ByteOrder(head[14..16]) is not { } order)
        {
            return;
        }
        var noteLength = (long)BinaryPrimitives.ReadUInt32BigEndian(head[10..14]) - 6;
        var originalOffset = BinaryPrimitives.ReadUInt32BigEndian(head[16..20]);
        var noteStart = position + head.Length;
        ScanMakerNote(noteStart, Math.Min(noteLength, length - head.Length), new TiffView(noteStart - originalOffset, order), depth);
    }

    private static bool? ByteOrder(ReadOnlySpan<byte> mark) =>
        mark.SequenceEqual("MM"u8) ? true : mark.SequenceEqual("II"u8) ? false : null;
}
