using System.Buffers.Binary;
using PiVault.Media.Formats;
using PiVault.Server.Features.Media;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Media;

/// <summary>
/// Hand-built TIFF structures for what the corpus lacks: an ORF with its preview in the Olympus maker note, a
/// big-endian NEF-style Nikon PreviewIFD, a preview split over contiguous strips next to lossless-JPEG sensor data,
/// directory loops, and lengths that claim gigabytes. The embedded JPEG is the real 640×424 preview of a corpus DNG.
/// </summary>
public sealed class RawPreviewSyntheticTests : IDisposable
{
    private const ushort Short = 3, Long = 4, Undefined = 7, Ifd = 13;

    private static readonly byte[] Jpeg = File.ReadAllBytes(
        Uploads.CorpusFile("exif-py/raw/nikon_z_9_high_efficiency_compressed_dx_cropped_max_overexposed.dng")).AsSpan(76848, 5893).ToArray();

    private readonly string dir = TempDir.Create();
    private readonly RawPreviewExtractor extractor = new();

    public void Dispose() => TempDir.Delete(dir);

    [Fact]
    public void Orf_preview_in_olympus_camera_settings_is_found()
    {
        var orf = new FileImage(400 + Jpeg.Length, bigEndian: false)
            .Ascii(0, "IIRO").U32(4, 8)
            .Directory(8, 0, (0x0112, Short, 1, 6), (0x8769, Long, 1, 100))
            .Directory(100, 0, (0x927C, Undefined, 200, 200))
            .Ascii(200, "OLYMPUS\0II").U16(210, 3)
            .Directory(212, 0, (0x2020, Ifd, 1, 100)) // offsets count from the maker note's start
            .Directory(300, 0, (0x0101, Long, 1, 200), (0x0102, Long, 1, (uint)Jpeg.Length))
            .Put(400, Jpeg);

        var preview = Extract(orf, "olympus.orf");

        Assert.Equal(Jpeg, preview?.Jpeg);
        Assert.Equal(6, preview!.Orientation);
    }

    [Fact]
    public void Big_endian_nikon_preview_ifd_is_found()
    {
        var nef = new FileImage(500 + Jpeg.Length, bigEndian: true)
            .Ascii(0, "MM\0*").U32(4, 8)
            .Directory(8, 0, (0x8769, Long, 1, 100))
            .Directory(100, 0, (0x927C, Undefined, 300, 200))
            .Ascii(200, "Nikon\0\x02\x10\0\0MM\0*").U32(214, 8) // the note's own TIFF header at 210
            .Directory(218, 0, (0x0011, Ifd, 1, 40))
            .Directory(250, 0, (0x0103, Short, 1, 6), (0x0201, Long, 1, 290), (0x0202, Long, 1, (uint)Jpeg.Length))
            .Put(500, Jpeg);

        Assert.Equal(Jpeg, Extract(nef, "nikon.nef")?.Jpeg);
    }

    [Fact]
    public void Contiguous_jpeg_strips_win_over_larger_lossless_sensor_data()
    {
        var lossless = LosslessJpeg(6000, 4000);
        var (a, b) = (1000, 2000);
        var start = 400;
        var dng = new FileImage(start + Jpeg.Length + lossless.Length, bigEndian: false)
            .Ascii(0, "II*\0").U32(4, 8)
            .Directory(8, 0, (0x0103, Short, 1, 6), (0x0111, Long, 3, 200), (0x0117, Long, 3, 220), (0x014A, Long, 1, 300))
            .U32(200, (uint)start).U32(204, (uint)(start + a)).U32(208, (uint)(start + a + b))
            .U32(220, (uint)a).U32(224, (uint)b).U32(228, (uint)(Jpeg.Length - a - b))
            .Directory(300, 0, (0x0103, Short, 1, 7), (0x0111, Long, 1, (uint)(start + Jpeg.Length)), (0x0117, Long, 1, (uint)lossless.Length))
            .Put(start, Jpeg)
            .Put(start + Jpeg.Length, lossless);
        var path = Save(dng, "strips.dng");
        using (var file = FileByteSource.Open(path))
        {
            Assert.Contains(RawPreviewExtractor.FindCandidates(file)!.All, candidate => candidate.Source == "IFD0/SubIFD0 strips");
        }

        var preview = extractor.Extract(path);

        Assert.Equal(Jpeg, preview?.Jpeg);
        Assert.Equal((640, 424), (preview!.Width, preview.Height));
    }

    [Fact]
    public void Directory_loops_end_and_the_preview_is_still_found()
    {
        var tiff = new FileImage(400 + Jpeg.Length, bigEndian: false)
            .Ascii(0, "II*\0").U32(4, 8)
            .Directory(8, 8, (0x014A, Long, 2, 200), (0x0201, Long, 1, 400), (0x0202, Long, 1, (uint)Jpeg.Length), (0x8769, Long, 1, 8))
            .U32(200, 8).U32(204, 100)
            .Directory(100, 8, (0x014A, Long, 1, 100))
            .Put(400, Jpeg);

        Assert.Equal(Jpeg, Extract(tiff, "loop.dng")?.Jpeg);
    }

    [Fact]
    public void Lengths_claiming_gigabytes_allocate_nothing_large()
    {
        var tiff = new FileImage(400 + Jpeg.Length, bigEndian: false)
            .Ascii(0, "II*\0").U32(4, 8)
            .Directory(8, 0, (0x0201, Long, 1, 400), (0x0202, Long, 1, 0xFFFFFFF0), (0x014A, Long, 0x3FFFFFFF, 16), (0x0111, Long, 0x3FFFFFFF, 16))
            .Put(400, Jpeg);
        var path = Save(tiff, "huge.cr2");
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.Null(extractor.Extract(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 256 * 1024);
    }

    [Fact]
    public void A_preview_cut_before_its_end_of_image_is_rejected()
    {
        var cut = Jpeg.Length - 200;
        var tiff = new FileImage(400 + cut, bigEndian: false)
            .Ascii(0, "II*\0").U32(4, 8)
            .Directory(8, 0, (0x0201, Long, 1, 400), (0x0202, Long, 1, (uint)cut))
            .Put(400, Jpeg.AsSpan(0, cut).ToArray());

        Assert.Null(Extract(tiff, "cut.arw"));
    }

    /// <summary>A JPEG head that says lossless (SOF3), 14-bit, one component: how CR2 and DNG store sensor data.</summary>
    private static byte[] LosslessJpeg(int width, int height)
    {
        var bytes = new byte[64];
        byte[] head = [0xFF, 0xD8, 0xFF, 0xC3, 0x00, 0x0B, 14, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0,
            0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 1, 0, 0];
        head.CopyTo(bytes, 0);
        bytes[^2] = 0xFF;
        bytes[^1] = 0xD9;
        return bytes;
    }

    private RawPreview? Extract(FileImage image, string name) => extractor.Extract(Save(image, name));

    private string Save(FileImage image, string name)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, image.Bytes);
        return path;
    }

    /// <summary>A file laid out by hand at fixed offsets, in one byte order.</summary>
    private sealed class FileImage(int size, bool bigEndian)
    {
        public byte[] Bytes { get; } = new byte[size];

        public FileImage Ascii(int at, string text) => Put(at, System.Text.Encoding.Latin1.GetBytes(text));

        public FileImage Put(int at, byte[] data)
        {
            data.CopyTo(Bytes, at);
            return this;
        }

        public FileImage U16(int at, uint value)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(Bytes.AsSpan(at), (ushort)value);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(Bytes.AsSpan(at), (ushort)value);
            }
            return this;
        }

        public FileImage U32(int at, uint value)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(Bytes.AsSpan(at), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan(at), value);
            }
            return this;
        }

        /// <summary>An IFD whose values all fit in the entry: a SHORT sits in the field's first two bytes.</summary>
        public FileImage Directory(int at, uint next, params (ushort Tag, ushort Type, uint Count, uint Value)[] entries)
        {
            U16(at, (uint)entries.Length);
            for (var i = 0; i < entries.Length; i++)
            {
                var (tag, type, count, value) = entries[i];
                var entry = at + 2 + i * 12;
                U16(entry, tag).U16(entry + 2, type).U32(entry + 4, count);
                _ = type == Short && count == 1 ? U16(entry + 8, value) : U32(entry + 8, value);
            }
            return U32(at + 2 + entries.Length * 12, next);
        }
    }
}
