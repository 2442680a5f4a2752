using PiVault.Media.Formats;

namespace PiVault.Tests.Formats;

/// <summary>The JPEG segment walker on hand-built marker sequences, and the byte source's range checks.</summary>
public sealed class JpegSegmentsTests
{
    private static readonly byte[] Sof0 = [0xFF, 0xC0, 0x00, 0x11, 8, 0x01, 0xE0, 0x02, 0x80, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
    private static readonly byte[] Sos = [0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0];

    [Fact]
    public void Segments_are_listed_up_to_the_first_scan_and_the_frame_is_read()
    {
        byte[] app1 = [0xFF, 0xE1, 0x00, 0x10, .. "Exif\0\0"u8, .. "II*\0\x08\0\0\0"u8];
        var jpeg = Concat([0xFF, 0xD8], app1, [0xFF, 0xFF, 0xFF], Sof0, Sos, [1, 2, 3, 0xFF, 0xD9]);
        var source = new MemoryByteSource(jpeg);

        var walk = JpegSegments.Walk(source, 0, jpeg.Length);

        Assert.Equal(JpegWalkEnd.Scan, walk.End);
        Assert.Equal([0xE1, 0xC0], walk.All.Select(s => (int)s.Marker));
        Assert.Equal((long)(2 + app1.Length + 3 + Sof0.Length), walk.ScanPosition); // fill bytes stepped over
        Assert.Equal(new JpegFrameHeader(0xC0, 8, 480, 640, 3), walk.FirstFrame(source));
        Assert.Equal(2L + 4 + 6, walk.ExifTiffPosition(source));
        Assert.Equal(jpeg.Length, JpegSegments.LengthThroughEndOfImage(jpeg, walk.ScanPosition!.Value));
    }

    [Fact]
    public void A_segment_longer_than_the_range_ends_the_walk_as_truncated_and_is_listed()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xF0, .. "Exif\0\0"u8];

        var walk = JpegSegments.Walk(new MemoryByteSource(jpeg), 0, jpeg.Length);

        Assert.Equal(JpegWalkEnd.Truncated, walk.End);
        var app1 = Assert.Single(walk.All);
        Assert.Equal(0xFFF0 - 2, app1.DataLength);
        Assert.Null(walk.ScanPosition);
    }

    [Fact]
    public void The_range_given_bounds_the_walk_even_when_the_source_goes_on()
    {
        var jpeg = Concat([0xFF, 0xD8], Sof0, Sos);

        Assert.Equal(JpegWalkEnd.Truncated, JpegSegments.Walk(new MemoryByteSource(jpeg), 0, 2 + Sof0.Length - 1).End);
        Assert.Equal(JpegWalkEnd.Scan, JpegSegments.Walk(new MemoryByteSource(jpeg), 0, jpeg.Length).End);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01 }, JpegWalkEnd.Malformed)] // length below 2
    [InlineData(new byte[] { 0xFF, 0xD8, 0x00, 0xE0, 0x00, 0x04 }, JpegWalkEnd.Malformed)] // not a marker
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xD8, 0x00, 0x04 }, JpegWalkEnd.Malformed)] // a second SOI
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, JpegWalkEnd.Malformed)] // not a JPEG
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }, JpegWalkEnd.EndOfImage)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00 }, JpegWalkEnd.Truncated)] // inside the length
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF }, JpegWalkEnd.Truncated)] // inside the marker
    public void Broken_heads_end_the_walk_with_a_reason(byte[] jpeg, JpegWalkEnd expected)
    {
        var walk = JpegSegments.Walk(new MemoryByteSource(jpeg), 0, jpeg.Length);

        Assert.Equal(expected, walk.End);
        Assert.Null(walk.ScanPosition);
    }

    [Fact]
    public void The_number_of_markers_is_bounded()
    {
        var jpeg = Concat([[0xFF, 0xD8], .. Enumerable.Repeat(new byte[] { 0xFF, 0xFE, 0x00, 0x02 }, 10_000)]);

        var walk = JpegSegments.Walk(new MemoryByteSource(jpeg), 0, jpeg.Length);

        Assert.Equal(JpegWalkEnd.TooManySegments, walk.End);
        Assert.Equal(JpegSegments.MaxSegments, walk.All.Count);
    }

    [Fact]
    public void A_frame_header_shorter_than_six_bytes_is_not_read()
    {
        var jpeg = Concat([0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x05, 8, 0, 1], Sos);
        var source = new MemoryByteSource(jpeg);

        Assert.Null(JpegSegments.Walk(source, 0, jpeg.Length).FirstFrame(source));
    }

    [Fact]
    public void An_end_of_image_before_the_scan_is_not_the_image_end()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xD9, 0xFF, 0xDA, 1, 2];

        Assert.Null(JpegSegments.LengthThroughEndOfImage(jpeg, 4));
    }

    [Theory]
    [InlineData(0L, 10L, true)]
    [InlineData(10L, 0L, true)]
    [InlineData(9L, 2L, false)]
    [InlineData(-1L, 1L, false)]
    [InlineData(1L, -1L, false)]
    [InlineData(long.MaxValue, 1L, false)]
    [InlineData(1L, long.MaxValue, false)]
    public void Byte_source_ranges_are_checked_without_overflow(long offset, long length, bool inside)
    {
        var source = new MemoryByteSource(new byte[10]);

        Assert.Equal(inside, source.Contains(offset, length));
        Assert.Equal(inside && length <= 8, source.ReadBlock(offset, length, maxLength: 8) is not null);
    }

    [Fact]
    public void A_clamped_block_keeps_what_exists()
    {
        var source = new MemoryByteSource(Enumerable.Range(0, 10).Select(i => (byte)i).ToArray());

        Assert.Equal(new byte[] { 7, 8, 9 }, source.ReadBlockClamped(7, 1000));
        Assert.Null(source.ReadBlockClamped(10, 5));
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
