using System.Buffers.Binary;
using System.Text;
using PiVault.Media.Formats;

namespace PiVault.Tests.Formats;

/// <summary>The PNG and RIFF chunk walkers on hand-built files: IEND, impossible lengths, padding, nested LISTs, counts.</summary>
public sealed class ChunkWalkerTests
{
    [Fact]
    public void Png_chunks_are_listed_up_to_iend()
    {
        var png = Concat(PngChunks.Signature.ToArray(), Png("IHDR", 13), Png("tEXt", 5), Png("IEND", 0), Png("tEXt", 1));

        var chunks = PngChunks.Walk(new MemoryByteSource(png)).ToList();

        Assert.Equal([("IHDR", 16L, 13L), ("tEXt", 16L + 13 + 4 + 8, 5L)], chunks.Select(c => (c.Type, c.DataStart, c.Length)));
    }

    [Fact]
    public void A_png_length_over_two_gigabytes_ends_the_walk_and_a_cut_chunk_is_still_listed()
    {
        var png = Concat(PngChunks.Signature.ToArray(), Png("IHDR", 13), Png("zTXt", 0));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(8 + 25), 0x8000_0000);
        var cut = Concat(PngChunks.Signature.ToArray(), Png("IHDR", 13))[..20];

        Assert.Equal(["IHDR"], PngChunks.Walk(new MemoryByteSource(png)).Select(c => c.Type));
        Assert.Equal(13L, Assert.Single(PngChunks.Walk(new MemoryByteSource(cut))).Length);
    }

    [Fact]
    public void Riff_chunks_are_padded_to_even_lengths_and_lists_are_entered()
    {
        var riff = RiffFile(Riff("VP8X", 9), List(Riff("IDIT", 3)), Riff("EXIF", 2));

        var chunks = RiffChunks.Walk(new MemoryByteSource(riff)).ToList();

        Assert.Equal(["VP8X", "LIST", "IDIT", "EXIF"], chunks.Select(c => c.Id));
        Assert.Equal([0, 0, 1, 0], chunks.Select(c => c.Depth));
        Assert.Equal(12L + 8 + 10 + 8 + 4 + 8 + 4 + 8, chunks[3].DataStart); // VP8X and IDIT padded by one byte
        Assert.Equal("WEBP", RiffChunks.FormType(new MemoryByteSource(riff)));
    }

    [Fact]
    public void Nested_lists_stop_at_the_depth_limit()
    {
        var inner = Riff("IDIT", 2);
        for (var i = 0; i < 10; i++)
        {
            inner = List(inner);
        }

        var chunks = RiffChunks.Walk(new MemoryByteSource(RiffFile(inner))).ToList();

        Assert.All(chunks, c => Assert.Equal("LIST", c.Id));
        Assert.Equal(RiffChunks.MaxDepth + 1, chunks.Count);
    }

    [Fact]
    public void A_riff_size_past_the_end_is_cut_and_the_number_of_chunks_is_bounded()
    {
        var oversized = RiffFile(Riff("EXIF", 4));
        BinaryPrimitives.WriteUInt32LittleEndian(oversized.AsSpan(16), uint.MaxValue);
        var many = RiffFile([.. Enumerable.Range(0, 20_000).Select(_ => Riff("JUNK", 0))]);

        Assert.Equal(4L, Assert.Single(RiffChunks.Walk(new MemoryByteSource(oversized))).DataLength);
        Assert.Equal(RiffChunks.MaxChunks, RiffChunks.Walk(new MemoryByteSource(many)).Count());
    }

    private static byte[] Png(string type, int length)
    {
        var chunk = new byte[12 + length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)length);
        Encoding.Latin1.GetBytes(type).CopyTo(chunk, 4);
        return chunk;
    }

    private static byte[] Riff(string id, int length)
    {
        var chunk = new byte[8 + length + (length & 1)];
        Encoding.Latin1.GetBytes(id).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)length);
        return chunk;
    }

    private static byte[] List(params byte[][] children)
    {
        var content = Concat("INFO"u8.ToArray(), Concat(children));
        var list = Riff("LIST", content.Length);
        content.CopyTo(list, 8);
        return list;
    }

    private static byte[] RiffFile(params byte[][] chunks)
    {
        var body = Concat(chunks);
        var file = Concat("RIFF\0\0\0\0WEBP"u8.ToArray(), body);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(file.Length - 8));
        return file;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
