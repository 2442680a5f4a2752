using PiVault.Bench.Upload;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PiVault.Bench.Load;

/// <summary>
/// Small real JPEGs with a phone-like EXIF block: one decodable base image (made once by ffmpeg), and per photo an
/// APP1 with make, model, exposure, the capture time (spread over many years) and, for some, GPS; then a comment
/// segment of random bytes, so every photo has its own checksum. The pixels are the same, which is all a library's
/// database size and the timeline need.
/// </summary>
internal sealed class JpegFactory
{
    private readonly byte[] baseImage;
    private readonly int seed;

    private JpegFactory(byte[] baseImage, int seed)
    {
        this.baseImage = baseImage;
        this.seed = seed;
    }

    /// <summary>Makes the base image with ffmpeg (a 96×64 test pattern, baseline JPEG).</summary>
    public static JpegFactory Create(string workDir, int seed)
    {
        var path = Path.Combine(workDir, "base.jpg");
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=96x64", "-frames:v", "1", "-q:v", "5", path })
        {
            start.ArgumentList.Add(arg);
        }
        using var ffmpeg = Process.Start(start) ?? throw new BenchFailureException("ffmpeg is needed to make the base JPEG.");
        var errors = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        if (ffmpeg.ExitCode != 0)
        {
            throw new BenchFailureException($"ffmpeg could not make the base JPEG: {errors}");
        }
        return new JpegFactory(File.ReadAllBytes(path), seed);
    }

    /// <summary>Photo number <paramref name="index"/>: same index, same bytes (so clients can send duplicates).</summary>
    public Photo Make(int index)
    {
        var random = new Random(HashCode.Combine(seed, index));
        // Capture times spread over 2005–2025, local time with an offset, as phones write them.
        var taken = new DateTime(2005, 1, 1).AddSeconds(random.NextInt64((long)(new DateTime(2025, 12, 31) - new DateTime(2005, 1, 1)).TotalSeconds));
        var offsetHours = random.Next(-8, 10);
        var gps = random.Next(100) < 40 ? (Lat: random.NextDouble() * 120 - 60, Lon: random.NextDouble() * 340 - 170) : ((double Lat, double Lon)?)null;
        var camera = Cameras[random.Next(Cameras.Length)];
        var exif = Exif(taken, TimeSpan.FromHours(offsetHours), camera, gps, random);
        var comment = new byte[24];
        random.NextBytes(comment);
        using var jpeg = new MemoryStream(baseImage.Length + exif.Length + 64);
        jpeg.Write([0xFF, 0xD8]);
        Segment(jpeg, 0xE1, [.. "Exif\0\0"u8, .. exif]);
        Segment(jpeg, 0xFE, comment);
        jpeg.Write(baseImage.AsSpan(2));
        return new Photo($"IMG_{index:D6}.jpg", jpeg.ToArray(), taken);
    }

    private static readonly (string Make, string Model, string Lens)[] Cameras =
    [
        ("Apple", "iPhone 13", "iPhone 13 back dual wide camera 5.1mm f/1.6"),
        ("Google", "Pixel 7", "Pixel 7 back camera 6.81mm f/1.85"),
        ("samsung", "SM-S911B", "Samsung Galaxy S23 Rear Camera"),
        ("Canon", "Canon EOS 80D", "EF-S18-135mm f/3.5-5.6 IS USM"),
    ];

    private static void Segment(Stream jpeg, byte marker, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = [0xFF, marker, 0, 0];
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(payload.Length + 2));
        jpeg.Write(header);
        jpeg.Write(payload);
    }

    /// <summary>A little-endian TIFF block: IFD0 (make, model, pointers), the Exif IFD and, with a position, the GPS IFD.</summary>
    private static byte[] Exif(DateTime taken, TimeSpan offset, (string Make, string Model, string Lens) camera, (double Lat, double Lon)? gps, Random random)
    {
        var tiff = new TiffWriter();
        var ifd0 = new List<TiffWriter.Entry>
        {
            TiffWriter.Ascii(0x010F, camera.Make),
            TiffWriter.Ascii(0x0110, camera.Model),
            TiffWriter.Short(0x0112, 1),
            TiffWriter.Ascii(0x0132, taken.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture)),
        };
        var exifIfd = new List<TiffWriter.Entry>
        {
            TiffWriter.Rational(0x829A, 1, (uint)(30 * (1 << random.Next(6)))),
            TiffWriter.Rational(0x829D, (uint)(16 + random.Next(40)), 10),
            TiffWriter.Short(0x8827, (ushort)(50 * (1 << random.Next(5)))),
            TiffWriter.Ascii(0x9003, taken.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture)),
            TiffWriter.Ascii(0x9011, $"{(offset < TimeSpan.Zero ? '-' : '+')}{offset.Duration():hh\\:mm}"),
            TiffWriter.Rational(0x920A, (uint)(40 + random.Next(600)), 10),
            TiffWriter.Short(0xA002, 96),
            TiffWriter.Short(0xA003, 64),
            TiffWriter.Ascii(0xA434, camera.Lens),
        };
        List<TiffWriter.Entry>? gpsIfd = null;
        if (gps is { } position)
        {
            gpsIfd =
            [
                TiffWriter.Ascii(0x0001, position.Lat < 0 ? "S" : "N"),
                TiffWriter.Degrees(0x0002, Math.Abs(position.Lat)),
                TiffWriter.Ascii(0x0003, position.Lon < 0 ? "W" : "E"),
                TiffWriter.Degrees(0x0004, Math.Abs(position.Lon)),
            ];
        }
        return tiff.Build(ifd0, exifIfd, gpsIfd);
    }
}

internal sealed record Photo(string FileName, byte[] Bytes, DateTime Taken);

/// <summary>Just enough of TIFF to lay out three IFDs with their out-of-line values.</summary>
internal sealed class TiffWriter
{
    public sealed record Entry(ushort Tag, ushort Type, uint Count, byte[] Value);

    public static Entry Ascii(ushort tag, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text + "\0");
        return new Entry(tag, 2, (uint)bytes.Length, bytes);
    }

    public static Entry Short(ushort tag, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return new Entry(tag, 3, 1, bytes);
    }

    public static Entry Long(ushort tag, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return new Entry(tag, 4, 1, bytes);
    }

    public static Entry Rational(ushort tag, uint numerator, uint denominator) => new(tag, 5, 1, Rationals((numerator, denominator)));

    /// <summary>Degrees, minutes, seconds (to 1/1000 s), as GPS tags hold them.</summary>
    public static Entry Degrees(ushort tag, double value)
    {
        var degrees = (uint)value;
        var minutes = (uint)((value - degrees) * 60);
        var seconds = (uint)Math.Round(((value - degrees) * 60 - minutes) * 60 * 1000);
        return new Entry(tag, 5, 3, Rationals((degrees, 1), (minutes, 1), (seconds, 1000)));
    }

    private static byte[] Rationals(params (uint N, uint D)[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8 * i), values[i].N);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8 * i + 4), values[i].D);
        }
        return bytes;
    }

    public byte[] Build(List<Entry> ifd0, List<Entry> exif, List<Entry>? gps)
    {
        // Pointers first (with placeholder offsets), so every IFD's size is known before laying them out.
        ifd0.Add(Long(0x8769, 0));
        if (gps is not null)
        {
            ifd0.Add(Long(0x8825, 0));
        }
        var ifds = gps is null ? new[] { ifd0, exif } : [ifd0, exif, gps];
        foreach (var ifd in ifds)
        {
            ifd.Sort((a, b) => a.Tag.CompareTo(b.Tag));
        }
        var starts = new int[ifds.Length];
        var at = 8;
        for (var i = 0; i < ifds.Length; i++)
        {
            starts[i] = at;
            at += 2 + 12 * ifds[i].Count + 4 + ifds[i].Where(e => e.Value.Length > 4).Sum(e => e.Value.Length + (e.Value.Length & 1));
        }
        Patch(ifd0, 0x8769, (uint)starts[1]);
        if (gps is not null)
        {
            Patch(ifd0, 0x8825, (uint)starts[2]);
        }
        var tiff = new byte[at];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        for (var i = 0; i < ifds.Length; i++)
        {
            var ifd = ifds[i];
            var entryAt = starts[i];
            var dataAt = entryAt + 2 + 12 * ifd.Count + 4;
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(entryAt), (ushort)ifd.Count);
            entryAt += 2;
            foreach (var entry in ifd)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(entryAt), entry.Tag);
                BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(entryAt + 2), entry.Type);
                BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(entryAt + 4), entry.Count);
                if (entry.Value.Length <= 4)
                {
                    entry.Value.CopyTo(tiff, entryAt + 8);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(entryAt + 8), (uint)dataAt);
                    entry.Value.CopyTo(tiff, dataAt);
                    dataAt += entry.Value.Length + (entry.Value.Length & 1);
                }
                entryAt += 12;
            }
            // next-IFD offset stays 0
        }
        return tiff;
    }

    private static void Patch(List<Entry> ifd, ushort tag, uint offset)
    {
        var index = ifd.FindIndex(e => e.Tag == tag);
        ifd[index] = Long(tag, offset);
    }
}
