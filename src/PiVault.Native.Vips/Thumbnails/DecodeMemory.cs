using System.Globalization;

namespace PiVault.Native.Vips;

/// <summary>What a decode will hold in memory, read from the header alone (no pixels decoded).</summary>
/// <param name="Loader">libvips' loader type name (VipsForeignLoadPngFile, …).</param>
/// <param name="BytesPerSample">1 for 8-bit, 2 for 16-bit, 4 for float.</param>
/// <param name="Interlaced">Adam7 PNG or progressive JPEG: the decoder needs the whole image (or all its coefficients) at once.</param>
/// <param name="OutputPixels">Pixels of the preview the decode produces.</param>
public readonly record struct DecodeShape(string Loader, int Width, int Height, int Bands, int BytesPerSample, bool Interlaced, long OutputPixels)
{
    /// <summary>
    /// Rows a streaming decode may hold at once (libvips' per-thread strip buffers, the shrink's input lines, libjpeg's MCU
    /// rows). Measured: a 17000-wide 16-bit RGBA PNG streamed to a 1440 px preview peaked at about 390 MB above the
    /// process's base, some 2900 rows (bench/results/reliability-decode.md).
    /// </summary>
    private const int StreamingRows = 3072;

    /// <summary>libvips' own buffers, the caches and the encoders around a decode.</summary>
    private const long Overhead = 16L * 1024 * 1024;

    /// <summary>Bytes the decoder holds when the whole image is in memory at the source's depth.</summary>
    public long WholeImageBytes => (long)Width * Height * Bands * BytesPerSample;

    /// <summary>
    /// Whether the decoder must hold the whole image: interlaced PNG and progressive JPEG (every pass refines every
    /// pixel), and the loaders that always decode whole (HEIF, JPEG XL, GIF, WebP, TIFF strips may be the whole
    /// image, ImageMagick). Baseline JPEG and non-interlaced PNG stream top to bottom with shrink-on-load.
    /// </summary>
    public bool DecodesWhole => Interlaced || !(IsLoader("VipsForeignLoadJpeg") || IsLoader("VipsForeignLoadPng") || IsLoader("VipsForeignLoadSpng"));

    /// <summary>
    /// The estimate the budget reserves. Whole-image loaders: width × height × bands × bytes per sample; a progressive
    /// JPEG keeps every DCT coefficient (2 bytes per sample, at full size whatever the shrink); ImageMagick holds its
    /// own 16-bit RGBA copy on top. Streaming loaders: a few thousand rows. Plus the 8-bit preview and a fixed overhead.
    /// </summary>
    public long EstimatedBytes
    {
        get
        {
            long decode;
            if (IsLoader("VipsForeignLoadJpeg"))
            {
                decode = Interlaced ? (long)Width * Height * Bands * 2 : StreamingBytes;
            }
            else if (IsLoader("VipsForeignLoadMagick"))
            {
                decode = WholeImageBytes + (long)Width * Height * 8;
            }
            else
            {
                decode = DecodesWhole ? WholeImageBytes : StreamingBytes;
            }
            return decode + (OutputPixels * Math.Max(Bands, 3)) + Overhead;
        }
    }

    private long StreamingBytes => (long)Width * Bands * BytesPerSample * StreamingRows;

    /// <summary>The refusal's wording: what the image is and why it needs that much.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Width}×{Height}, {Bands} bands of {BytesPerSample * 8} bits{(Interlaced ? ", interlaced (decoded whole, not a strip at a time)" : DecodesWhole ? ", a format decoded whole" : "")}");

    private bool IsLoader(string prefix) => Loader.StartsWith(prefix, StringComparison.Ordinal);
}

/// <summary>
/// The memory all decodes together may hold: each decode reserves its <see cref="DecodeShape.EstimatedBytes"/> first
/// and waits while others hold too much; one that alone needs more than the whole budget is refused before a pixel is
/// decoded (a decompression bomb: a few MB of file that expand to gigabytes). Sized from the machine so a Pi with 2 or
/// 8 GB never swaps or meets the OOM killer, whatever the number of thumbnail workers.
/// </summary>
public sealed class DecodeMemoryBudget
{
    private const long MiB = 1024 * 1024;
    private readonly object gate = new(); // Monitor, for Wait/PulseAll
    private long inUse;

    public DecodeMemoryBudget(long totalBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalBytes, 1);
        TotalBytes = totalBytes;
    }

    public long TotalBytes { get; }

    /// <summary>Bytes reserved by decodes running now.</summary>
    public long InUse
    {
        get
        {
            lock (gate)
            {
                return inUse;
            }
        }
    }

    /// <summary>
    /// An eighth of the memory the process may use (physical memory, or a cgroup/systemd limit), at least 256 MB and at
    /// most 640 MB: 256 MB on a 2 GB Pi, 640 MB on an 8 GB one. With the server's own ~100–250 MB that keeps the whole
    /// process under DESIGN's 1 GB peak while the rest stays for the database, the page cache and the OS. A machine
    /// meant for 100 MP 16-bit scans raises it with the <c>decode-memory-mb</c> setting.
    /// </summary>
    public static long ForMachine(long availableBytes) => Math.Clamp(availableBytes / 8, 256 * MiB, 640 * MiB);

    /// <summary>The budget for this machine (see <see cref="ForMachine"/>); the GC reports the cgroup limit when there is one.</summary>
    public static DecodeMemoryBudget ForThisMachine() => new(ForMachine(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes));

    /// <summary>Waits until <paramref name="shape"/>'s estimate fits beside the decodes running; release by disposing.</summary>
    /// <exception cref="MediaDecodeException">The estimate alone exceeds the whole budget.</exception>
    public Reservation Reserve(DecodeShape shape)
    {
        var bytes = shape.EstimatedBytes;
        if (bytes > TotalBytes)
        {
            throw new MediaDecodeException(string.Create(CultureInfo.InvariantCulture,
                $"decoding this image would need about {bytes / MiB} MB of memory ({shape.Describe()}), more than the {TotalBytes / MiB} MB this server allows for decoding images; it was refused before decoding (the original is kept)"));
        }
        lock (gate)
        {
            while (inUse + bytes > TotalBytes)
            {
                Monitor.Wait(gate);
            }
            inUse += bytes;
        }
        return new Reservation(this, bytes);
    }

    private void Release(long bytes)
    {
        lock (gate)
        {
            inUse -= bytes;
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>Memory held for one decode until disposed.</summary>
    public sealed class Reservation : IDisposable
    {
        private DecodeMemoryBudget? owner;

        internal Reservation(DecodeMemoryBudget owner, long bytes)
        {
            this.owner = owner;
            Bytes = bytes;
        }

        public long Bytes { get; }

        public void Dispose()
        {
            Interlocked.Exchange(ref owner, null)?.Release(Bytes);
        }
    }
}
