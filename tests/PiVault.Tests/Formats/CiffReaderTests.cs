using System.Buffers.Binary;
using PiVault.Media.Formats;

namespace PiVault.Tests.Formats;

/// <summary>The CIFF heap walker on hand-built heaps: values and tables outside their heap, self-nesting heaps, huge counts.</summary>
public sealed class CiffReaderTests
{
    private const int HeaderLength = 26;

    [Fact]
    public void Entries_inside_their_heap_are_listed_with_absolute_offsets()
    {
        // Root heap at 26: 20 bytes of values, then the directory (count, two entries), then its offset.
        var file = Crw(heap: [.. new byte[20], .. Directory((0x2007, 12, 0), (0x080A, 8, 12)), .. U32(20)]);

        var entries = Open(file).Entries().ToList();

        Assert.Equal([(0x2007, HeaderLength + 0L, 12L), (0x080A, HeaderLength + 12L, 8L)], entries.Select(e => (e.Id, e.Offset, e.Size)));
    }

    [Fact]
    public void A_value_reaching_past_its_heap_is_skipped()
    {
        var file = Crw(heap: [.. new byte[20], .. Directory((0x2007, 57, 0), (0x080A, 8, 0xFFFF_FFF0), (0x1810, 4, 16)), .. U32(20)]);

        Assert.Equal([0x1810], Open(file).Entries().Select(e => e.Id));
    }

    [Fact]
    public void A_directory_offset_or_count_past_the_heap_gives_no_entries()
    {
        var pastEnd = Crw(heap: [.. new byte[20], .. Directory((0x2007, 4, 0)), .. U32(1_000)]);
        var hugeCount = Crw(heap: [.. new byte[20], .. Directory((0x2007, 4, 0)), .. U32(20)]);
        BinaryPrimitives.WriteUInt16LittleEndian(hugeCount.AsSpan(HeaderLength + 20), 0xFFFF);

        Assert.Empty(Open(pastEnd).Entries());
        Assert.Empty(Open(hugeCount).Entries());
    }

    [Fact]
    public void A_heap_that_contains_itself_is_entered_only_to_the_depth_limit()
    {
        // One entry: a sub-heap (type 0x2800) spanning the whole root heap, which so contains itself again and again.
        byte[] heap = [.. Directory((0x300A, 0, 0)), .. U32(0)];
        BinaryPrimitives.WriteUInt32LittleEndian(heap.AsSpan(2 + 2), (uint)heap.Length);

        var entries = Open(Crw(heap)).Entries().ToList();

        Assert.Equal(CiffReader.MaxDepth + 1, entries.Count);
        Assert.Equal(Enumerable.Range(0, CiffReader.MaxDepth + 1), entries.Select(e => e.Depth));
    }

    [Fact]
    public void Values_are_read_only_inside_their_entry()
    {
        var file = Crw(heap: [.. U32(0), .. U32(0), .. U32(0), .. U32(90), .. Directory((0x1810, 16, 0)), .. U32(16)]);
        var ciff = Open(file);
        var imageInfo = ciff.Entries().Single();

        Assert.Equal(90u, ciff.ReadUInt32(imageInfo, 12));
        Assert.Null(ciff.ReadUInt32(imageInfo, 13));
        Assert.Null(ciff.ReadUInt32(imageInfo, -1));
    }

    [Fact]
    public void Headers_that_are_not_ciff_or_claim_too_much_do_not_open()
    {
        var file = Crw(heap: [.. Directory(), .. U32(0)]);
        Assert.NotNull(CiffReader.TryOpen(new MemoryByteSource(file), 0, file.Length));

        Assert.Null(CiffReader.TryOpen(new MemoryByteSource(file), 0, HeaderLength)); // the header fills it all
        file[6] = (byte)'X';
        Assert.Null(CiffReader.TryOpen(new MemoryByteSource(file), 0, file.Length));
        Assert.Null(CiffReader.TryOpen(new MemoryByteSource(file.AsMemory(0, 10)), 0, 10));
    }

    private static CiffReader Open(byte[] file) => CiffReader.TryOpen(new MemoryByteSource(file), 0, file.Length)!;

    /// <summary>A little-endian CRW: "II", the header length, "HEAPCCDR", padding to 26 bytes, then the root heap.</summary>
    private static byte[] Crw(byte[] heap)
    {
        var file = new byte[HeaderLength + heap.Length];
        "II"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(2), HeaderLength);
        CiffReader.CrwMagic.CopyTo(file.AsSpan(6));
        heap.CopyTo(file, HeaderLength);
        return file;
    }

    private static byte[] Directory(params (ushort Tag, uint Size, uint Offset)[] entries)
    {
        var bytes = new byte[2 + entries.Length * 10];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = bytes.AsSpan(2 + i * 10);
            BinaryPrimitives.WriteUInt16LittleEndian(entry, entries[i].Tag);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[2..], entries[i].Size);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[6..], entries[i].Offset);
        }
        return bytes;
    }

    private static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
