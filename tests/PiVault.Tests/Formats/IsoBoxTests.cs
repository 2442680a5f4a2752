using System.Buffers.Binary;
using System.Text;
using PiVault.Media.Formats;

namespace PiVault.Tests.Formats;

/// <summary>The ISO-BMFF / QuickTime box walker on hand-built boxes: sizes 0 and 1, truncation, overflow, counts.</summary>
public sealed class IsoBoxTests
{
    [Fact]
    public void Boxes_are_listed_with_their_content_ranges()
    {
        var file = Concat(Box("ftyp", new byte[8]), Box("free", []), Box("mdat", new byte[100]));

        var boxes = IsoBox.Children(Source(file), 0, file.Length).ToList();

        Assert.Equal(["ftyp", "free", "mdat"], boxes.Select(b => b.Type));
        Assert.Equal([(0L, 8L, 16L), (16L, 24L, 24L), (24L, 32L, 132L)], boxes.Select(b => (b.Start, b.ContentStart, b.End)));
    }

    [Fact]
    public void A_box_that_claims_more_than_its_parent_holds_is_cut_at_the_parent_end()
    {
        var file = Concat(Box("ftyp", new byte[8]), Box("mdat", new byte[100]));
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(16), 1_000_000); // mdat claims a megabyte

        var mdat = IsoBox.Children(Source(file), 0, file.Length).Last();

        Assert.Equal((long)file.Length, mdat.End);
        Assert.Equal(100L, mdat.ContentLength);
    }

    [Fact]
    public void A_truncated_file_keeps_the_boxes_before_the_cut()
    {
        var file = Concat(Box("ftyp", new byte[8]), Box("moov", new byte[64]));

        var boxes = IsoBox.Children(Source(file[..40]), 0, long.MaxValue).ToList();

        Assert.Equal(["ftyp", "moov"], boxes.Select(b => b.Type));
        Assert.Equal(40L, boxes[1].End);
        Assert.Null(boxes[1].ReadContent(Source(file[..40]), maxLength: 10)); // larger than asked for: not read
    }

    [Fact]
    public void Size_zero_runs_to_the_end_of_the_parent()
    {
        var file = Concat(Box("ftyp", new byte[8]), Box("mdat", new byte[50]));
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(16), 0);

        var mdat = IsoBox.Children(Source(file), 0, file.Length).Last();

        Assert.Equal(("mdat", 24L, (long)file.Length), (mdat.Type, mdat.ContentStart, mdat.End));
    }

    [Fact]
    public void A_64_bit_size_is_read_and_an_overflowing_one_is_cut_at_the_end()
    {
        var large = new byte[16 + 24];
        BinaryPrimitives.WriteUInt32BigEndian(large, 1);
        "mdat"u8.CopyTo(large.AsSpan(4));
        BinaryPrimitives.WriteUInt64BigEndian(large.AsSpan(8), 16 + 24);
        var file = Concat(large, Box("free", new byte[8]));

        var boxes = IsoBox.Children(Source(file), 0, file.Length).ToList();

        Assert.Equal([("mdat", 16L, 40L), ("free", 48L, 56L)], boxes.Take(2).Select(b => (b.Type, b.ContentStart, b.End)));

        BinaryPrimitives.WriteUInt64BigEndian(file.AsSpan(8), ulong.MaxValue);
        var huge = Assert.Single(IsoBox.Children(Source(file), 0, file.Length));
        Assert.Equal((long)file.Length, huge.End);
    }

    [Theory]
    [InlineData(4u)] // smaller than its own header
    [InlineData(7u)]
    public void A_size_below_the_header_length_stops_the_walk(uint size)
    {
        var file = Concat(Box("ftyp", new byte[8]), Box("moov", new byte[8]), Box("mdat", new byte[8]));
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(16), size);

        Assert.Equal(["ftyp"], IsoBox.Children(Source(file), 0, file.Length).Select(b => b.Type));
    }

    [Fact]
    public void A_64_bit_size_cut_off_by_the_end_stops_the_walk()
    {
        var file = Concat(Box("ftyp", new byte[8]), [0, 0, 0, 1, (byte)'m', (byte)'d', (byte)'a', (byte)'t', 0, 0, 0]);

        Assert.Equal(["ftyp"], IsoBox.Children(Source(file), 0, file.Length).Select(b => b.Type));
    }

    [Fact]
    public void The_number_of_boxes_per_level_is_bounded()
    {
        var file = Concat(Enumerable.Range(0, 10_000).Select(_ => Box("free", [])).ToArray());

        Assert.Equal(IsoBox.MaxBoxesPerLevel, IsoBox.Children(Source(file), 0, file.Length).Count());
        Assert.Equal(32, IsoBox.Children(Source(file), 0, file.Length, maxBoxes: 32).Count());
    }

    [Fact]
    public void A_uuid_box_is_told_by_its_user_type_and_a_short_one_is_not()
    {
        var userType = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var file = Concat(Box("uuid", Concat(userType, new byte[4])), Box("uuid", userType[..10]));
        var boxes = IsoBox.Children(Source(file), 0, file.Length).ToList();

        Assert.True(boxes[0].IsUuid(Source(file), userType));
        Assert.False(boxes[0].IsUuid(Source(file), new byte[16]));
        Assert.False(boxes[1].IsUuid(Source(file), userType));
    }

    [Fact]
    public void Iso_and_quicktime_meta_boxes_have_their_children_found()
    {
        var hdlr = Box("hdlr", new byte[8]);
        var iso = Box("meta", Concat(new byte[4], hdlr));
        var quickTime = Box("meta", hdlr);

        foreach (var meta in new[] { iso, quickTime })
        {
            var box = IsoBox.Children(Source(meta), 0, meta.Length).Single();
            Assert.Equal(["hdlr"], IsoBox.Children(Source(meta), box.MetaChildrenStart(Source(meta)), box.End).Select(b => b.Type));
        }
    }

    private static MemoryByteSource Source(byte[] bytes) => new(bytes);

    private static byte[] Box(string type, byte[] content)
    {
        var box = new byte[8 + content.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.Latin1.GetBytes(type).CopyTo(box, 4);
        content.CopyTo(box, 8);
        return box;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
