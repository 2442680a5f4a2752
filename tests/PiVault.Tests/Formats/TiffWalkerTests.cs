using System.Buffers.Binary;
using PiVault.Media.Formats;

namespace PiVault.Tests.Formats;

/// <summary>
/// The TIFF reader and walker on hand-built little-endian structures: loops, self-references, deep and wide pointer
/// trees, counts and offsets past the end. Each case is built so its right answer is known from its layout.
/// </summary>
public sealed class TiffWalkerTests
{
    private const ushort Short = 3, Long = 4, Ascii = 2;

    [Fact]
    public void An_ifd_chain_that_loops_back_is_walked_once()
    {
        var tiff = Tiff(256);
        Ifd(tiff, 8, [(TiffTag.Orientation, Short, 1, 6)], next: 40);
        Ifd(tiff, 40, [(TiffTag.Orientation, Short, 1, 3)], next: 8); // IFD1 → IFD0 again

        var nodes = Walk(tiff);

        Assert.Equal(["IFD0", "IFD1"], nodes.Select(n => n.Name));
        Assert.Equal([0, 1], nodes.Select(n => n.ChainIndex!.Value));
    }

    [Fact]
    public void An_ifd_that_names_itself_as_next_ends_the_chain()
    {
        var tiff = Tiff(64);
        Ifd(tiff, 8, [], next: 8);

        Assert.Single(Walk(tiff));
    }

    [Fact]
    public void Exif_and_gps_pointers_back_into_a_visited_ifd_are_not_followed()
    {
        var tiff = Tiff(128);
        Ifd(tiff, 8, [(TiffTag.ExifIfd, Long, 1, 8), (TiffTag.GpsIfd, Long, 1, 50)], next: 0);
        Ifd(tiff, 50, [], next: 0);

        var nodes = Walk(tiff);

        Assert.Equal([TiffIfdKind.Image, TiffIfdKind.Gps], nodes.Select(n => n.Kind));
    }

    [Fact]
    public void Nested_sub_ifds_stop_at_the_depth_limit()
    {
        // Each IFD's only SubIFD is the next one: 20 levels.
        var tiff = Tiff(8 + 20 * 32);
        for (var level = 0; level < 20; level++)
        {
            Ifd(tiff, 8 + level * 32, [(TiffTag.SubIfds, Long, 1, (uint)(8 + (level + 1) * 32))], next: 0);
        }
        var walker = new TiffWalker { MaxDepth = 4 };

        var nodes = walker.Walk(Open(tiff)).ToList();

        Assert.Equal(5, nodes.Count); // depths 0..4
        Assert.Equal(4, nodes.Max(n => n.Depth));
        Assert.Equal("IFD0/SubIFD0/SubIFD0/SubIFD0/SubIFD0", nodes[^1].Name);
    }

    [Fact]
    public void A_pointer_bomb_is_cut_at_the_directory_limit()
    {
        // 16 SubIFDs per directory, each again with 16 distinct SubIFDs: far more than 64 directories.
        var tiff = Tiff(70_000);
        var next = 8u;
        uint Allocate() => (next += 200) - 200;
        var root = Allocate();
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), root);
        var children = Enumerable.Range(0, 16).Select(_ => Allocate()).ToArray();
        SubIfdTable(tiff, root, children, Allocate());
        foreach (var child in children)
        {
            SubIfdTable(tiff, child, Enumerable.Range(0, 16).Select(_ => Allocate()).ToArray(), Allocate());
        }

        var nodes = new TiffWalker { MaxDirectories = 64 }.Walk(Open(tiff)).ToList();

        Assert.Equal(64, nodes.Count);
        Assert.Equal(nodes.Count, nodes.Select(n => n.Directory.Offset).Distinct().Count());
    }

    [Fact]
    public void A_table_cut_short_by_the_end_yields_its_whole_entries_and_no_next_ifd()
    {
        var tiff = Tiff(8 + 2 + 12 * 3 + 5); // three whole entries, then 5 bytes of the fourth
        Ifd(tiff, 8, [(0x0100, Short, 1, 1), (0x0101, Short, 1, 2), (0x0102, Short, 1, 3)], next: 0);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 0xFFFF); // the count claims 65535 entries

        var directory = Open(tiff).ReadDirectory(8)!;

        Assert.Equal([0x0100, 0x0101, 0x0102], directory.Entries.Select(e => (int)e.Tag));
        Assert.Equal(0L, directory.NextOffset);
    }

    [Fact]
    public void An_ifd_offset_past_the_end_or_overflowing_gives_no_directory()
    {
        var tiff = Tiff(64);
        Ifd(tiff, 8, [], next: 0);
        var reader = Open(tiff);

        Assert.Null(reader.ReadDirectory(64));
        Assert.Null(reader.ReadDirectory(uint.MaxValue));
        Assert.Null(reader.ReadDirectory(long.MaxValue));
        Assert.Null(reader.ReadDirectory(0));
        Assert.Null(reader.At(long.MaxValue - 4, ByteOrder.Little).ReadDirectory(8));
    }

    [Fact]
    public void Values_whose_offsets_or_counts_run_past_the_end_read_as_nothing()
    {
        var tiff = Tiff(128);
        Ifd(tiff, 8, [(0x010F, Ascii, 20, 120), (TiffTag.StripOffsets, Long, 0xFFFF_FFFF, 40), (0x0110, Ascii, 8, 0xFFFF_FFF0), (TiffTag.Orientation, Short, 1, 6)], next: 0);
        var reader = Open(tiff);
        var ifd0 = reader.ReadDirectory(8)!;

        Assert.Null(reader.ReadString(ifd0.Find(0x010F)!.Value)); // 20 bytes at 120 in a 128-byte file
        Assert.Null(reader.ReadString(ifd0.Find(0x0110)!.Value)); // offset near 4 GiB
        Assert.Empty(ifd0.Values(TiffTag.StripOffsets, 4096)); // a count of 4 billion
        Assert.Null(reader.ReadBytes(ifd0.Find(TiffTag.StripOffsets)!.Value));
        Assert.Equal(6u, ifd0.Value(TiffTag.Orientation)); // a value inside the entry is still read
    }

    [Fact]
    public void Only_known_tiff_magics_open()
    {
        var tiff = Tiff(64);
        Ifd(tiff, 8, [], next: 0);
        Assert.NotNull(TiffReader.TryOpen(new MemoryByteSource(tiff)));

        tiff[2] = 43; // BigTIFF, not read here
        Assert.Null(TiffReader.TryOpen(new MemoryByteSource(tiff)));
        Assert.Null(TiffReader.TryOpen(new MemoryByteSource(tiff.AsMemory(0, 7))));
        Assert.Null(TiffReader.TryOpen(new MemoryByteSource("IM*\0\x08\0\0\0"u8.ToArray())));
    }

    [Fact]
    public void A_nikon_maker_note_is_entered_at_its_own_header_and_its_preview_ifd_is_an_image()
    {
        // IFD0 → EXIF IFD (at 40) → MakerNote (at 100: "Nikon\0" + 4 bytes + its own big-endian TIFF at 110).
        var tiff = Tiff(300);
        Ifd(tiff, 8, [(TiffTag.ExifIfd, Long, 1, 40)], next: 0);
        Ifd(tiff, 40, [(TiffTag.MakerNote, 7, 120, 100)], next: 0);
        "Nikon\0\x02\x10\0\0MM\0*\0\0\0\x08"u8.CopyTo(tiff.AsSpan(100));
        // Big-endian maker note IFD at 110 + 8 with one entry: PreviewIFD → 110 + 40.
        byte[] notes = [0, 1, 0x00, 0x11, 0, 4, 0, 0, 0, 1, 0, 0, 0, 40, 0, 0, 0, 0];
        notes.CopyTo(tiff.AsSpan(118));
        byte[] preview = [0, 1, 0x02, 0x01, 0, 4, 0, 0, 0, 1, 0, 0, 0, 99, 0, 0, 0, 0];
        preview.CopyTo(tiff.AsSpan(150));

        var nodes = Walk(tiff);

        Assert.Equal(["IFD0", "IFD0/EXIF", "IFD0/EXIF/MakerNote", "Nikon PreviewIFD"], nodes.Select(n => n.Name));
        Assert.Equal(MakerNoteVendor.Nikon, nodes[2].Vendor);
        Assert.Equal(TiffIfdKind.Image, nodes[3].Kind);
        Assert.Equal(110L + 99, nodes[3].Directory.Tiff.ToSourceOffset(nodes[3].Directory.Value(TiffTag.JpegInterchangeFormat)!.Value));
    }

    [Fact]
    public void Maker_notes_are_not_entered_when_the_walker_is_told_not_to()
    {
        var tiff = Tiff(200);
        Ifd(tiff, 8, [(TiffTag.ExifIfd, Long, 1, 40)], next: 0);
        Ifd(tiff, 40, [(TiffTag.MakerNote, 7, 40, 100)], next: 0);
        Ifd(tiff, 100, [(0x0088, Long, 1, 5)], next: 0); // a bare (Minolta-style) maker note IFD

        Assert.Equal(3, Walk(tiff).Count);
        Assert.Equal(2, new TiffWalker { FollowMakerNotes = false }.Walk(Open(tiff)).Count());
    }

    private static List<TiffNode> Walk(byte[] tiff) => new TiffWalker().Walk(Open(tiff)).ToList();

    private static TiffReader Open(byte[] tiff) => TiffReader.TryOpen(new MemoryByteSource(tiff))!;

    /// <summary>A little-endian TIFF header with IFD0 at 8, and room for directories.</summary>
    private static byte[] Tiff(int length)
    {
        var bytes = new byte[length];
        "II*\0\x08\0\0\0"u8.CopyTo(bytes);
        return bytes;
    }

    private static void Ifd(byte[] tiff, int at, (ushort Tag, ushort Type, uint Count, uint Value)[] entries, uint next)
    {
        var span = tiff.AsSpan(at);
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = span.Slice(2 + i * 12, 12);
            BinaryPrimitives.WriteUInt16LittleEndian(entry, entries[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], entries[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], entries[i].Count);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], entries[i].Value);
        }
        var nextAt = 2 + entries.Length * 12;
        if (span.Length >= nextAt + 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[nextAt..], next);
        }
    }

    /// <summary>An IFD with one SubIFDs entry (LONG[n]) whose array lies at <paramref name="arrayAt"/>.</summary>
    private static void SubIfdTable(byte[] tiff, uint at, uint[] children, uint arrayAt)
    {
        Ifd(tiff, (int)at, [(TiffTag.SubIfds, Long, (uint)children.Length, arrayAt)], next: 0);
        for (var i = 0; i < children.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan((int)arrayAt + i * 4), children[i]);
            Ifd(tiff, (int)children[i], [], next: 0);
        }
    }
}
