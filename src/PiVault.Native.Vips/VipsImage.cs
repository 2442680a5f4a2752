using System.Runtime.InteropServices;
using PiVault.Native.Vips.Interop;

namespace PiVault.Native.Vips;

/// <summary>
/// One reference to a VipsImage. Most images are lazy pipelines: pixels are computed when something
/// (a save, <see cref="CopyMemory"/>, <see cref="WriteToMemory"/>) pulls them, and an image keeps its
/// upstream images and source file open until it is disposed.
/// </summary>
internal sealed unsafe class VipsImage : IDisposable
{
    /// <summary>VIPS_MAX_COORD: "unbounded" for a thumbnail box side.</summary>
    public const int MaxCoordinate = 10_000_000;

    internal VipsImage(GObjectHandle handle) => Handle = handle;

    internal GObjectHandle Handle { get; }

    public int Width => LibVips.vips_image_get_width(Handle);

    public int Height => LibVips.vips_image_get_height(Handle);

    public int Bands => LibVips.vips_image_get_bands(Handle);

    /// <summary>True for 8-bit unsigned pixels (VIPS_FORMAT_UCHAR).</summary>
    public bool IsUchar => LibVips.vips_image_get_format(Handle) == 0;

    /// <summary>Bytes per band of one pixel: 1 for 8-bit, 2 for 16-bit, 4 for float, … (VipsBandFormat).</summary>
    public int BytesPerSample => LibVips.vips_image_get_format(Handle) switch
    {
        0 or 1 => 1,
        2 or 3 => 2,
        4 or 5 or 6 => 4,
        7 or 8 => 8,
        _ => 16,
    };

    /// <summary>
    /// Whether the loader flagged the file as interlaced: Adam7 PNG, progressive JPEG (libvips sets "interlaced" for
    /// both). Such files cannot be decoded a strip at a time.
    /// </summary>
    public bool IsInterlaced =>
        LibVips.vips_image_get_typeof(Handle, "interlaced") != 0 && LibVips.vips_image_get_int(Handle, "interlaced", out var value) == 0 && value != 0;

    public bool HasAlpha => LibVips.vips_image_hasalpha(Handle) != 0;

    /// <summary>EXIF orientation 1–8 (1 when absent).</summary>
    public int Orientation => LibVips.vips_image_get_orientation(Handle);

    /// <summary>The embedded ICC profile, copied, or null when there is none.</summary>
    public byte[]? IccProfile()
    {
        const string field = "icc-profile-data";
        if (LibVips.vips_image_get_typeof(Handle, field) == 0 || LibVips.vips_image_get_blob(Handle, field, out var data, out var length) != 0)
        {
            return null;
        }
        return new ReadOnlySpan<byte>(data, checked((int)length)).ToArray();
    }

    /// <summary>Width and height as displayed, i.e. swapped for orientations 5–8.</summary>
    public (int Width, int Height) OrientedSize =>
        LibVips.vips_image_get_orientation_swap(Handle) != 0 ? (Height, Width) : (Width, Height);

    /// <summary>Computes the pipeline into a new memory image, so several outputs can read it without recomputing.</summary>
    public VipsImage CopyMemory()
    {
        var copy = LibVips.vips_image_copy_memory(Handle);
        if (copy.IsInvalid)
        {
            copy.Dispose();
            throw VipsErrorBuffer.Failure("vips_image_copy_memory failed");
        }
        return new VipsImage(copy);
    }

    /// <summary>Computes the pipeline into band-interleaved pixels, copied into a managed array.</summary>
    public byte[] WriteToMemory()
    {
        var pixels = LibVips.vips_image_write_to_memory(Handle, out var size);
        if (pixels is null)
        {
            throw VipsErrorBuffer.Failure("vips_image_write_to_memory failed");
        }
        try
        {
            return new ReadOnlySpan<byte>(pixels, checked((int)size)).ToArray();
        }
        finally
        {
            LibGObject.g_free(pixels);
        }
    }

    /// <summary>The names of the image's metadata fields ("exif-data", "icc-profile-data", "orientation", …).</summary>
    public IReadOnlyList<string> FieldNames()
    {
        var fields = LibVips.vips_image_get_fields(Handle);
        try
        {
            var names = new List<string>();
            for (var field = fields; *field is not null; field++)
            {
                names.Add(Marshal.PtrToStringUTF8((nint)(*field))!);
            }
            return names;
        }
        finally
        {
            LibGObject.g_strfreev(fields);
        }
    }

    /// <summary>
    /// Drops EXIF (and its embedded thumbnail), XMP, IPTC, ICC and orientation fields, so no saver can write them. Debian's libvips 8.14
    /// WebP saver ignores its strip option and would embed ~20 KB of EXIF and ICC data in every thumbnail.
    /// Only call this on an image nothing else shares, such as a fresh <see cref="CopyMemory"/> result.
    /// </summary>
    public void RemoveMetadata()
    {
        foreach (var name in FieldNames().Where(IsPhotoMetadata))
        {
            LibVips.vips_image_remove(Handle, name);
        }
    }

    private static bool IsPhotoMetadata(string field) =>
        field.StartsWith("exif-", StringComparison.Ordinal)
        || field.StartsWith("xmp-", StringComparison.Ordinal)
        || field.StartsWith("iptc-", StringComparison.Ordinal)
        || field.StartsWith("icc-", StringComparison.Ordinal)
        || field is "orientation" or "jpeg-thumbnail-data";

    /// <summary>
    /// Resizes an image already in hand (no shrink-on-load) to fit inside <paramref name="width"/> ×
    /// <paramref name="height"/>, never enlarging; auto-rotates by its orientation tag and converts to sRGB
    /// (through <paramref name="exportProfile"/> when the image carries an ICC profile).
    /// </summary>
    public VipsImage ThumbnailImage(int width, int height, string? exportProfile = null)
    {
        using var operation = VipsOperation.Create("thumbnail_image")
            .Set("in", this)
            .Set("width", width)
            .Set("height", height)
            .Set("size", "down");
        if (exportProfile is not null)
        {
            operation.Set("export_profile", exportProfile);
        }
        operation.Run();
        return operation.GetImage("out");
    }

    /// <summary>
    /// Scales by <paramref name="horizontal"/> and <paramref name="vertical"/> with <paramref name="kernel"/>
    /// ("nearest", "linear", "cubic", "mitchell", "lanczos2", "lanczos3"); what a model's preprocessing asks for.
    /// </summary>
    public VipsImage Resize(double horizontal, double vertical, string kernel)
    {
        using var operation = VipsOperation.Create("resize")
            .Set("in", this)
            .Set("scale", horizontal)
            .Set("vscale", vertical)
            .Set("kernel", kernel);
        operation.Run();
        return operation.GetImage("out");
    }

    /// <summary>The rectangle at (<paramref name="left"/>, <paramref name="top"/>); it must lie inside the image.</summary>
    public VipsImage Crop(int left, int top, int width, int height)
    {
        using var operation = VipsOperation.Create("extract_area")
            .Set("input", this)
            .Set("left", left)
            .Set("top", top)
            .Set("width", width)
            .Set("height", height);
        operation.Run();
        return operation.GetImage("out");
    }

    /// <summary>Converts to 8-bit sRGB (16-bit, float or odd colour spaces a thumbnail can leave behind).</summary>
    public VipsImage ToSrgb()
    {
        using var operation = VipsOperation.Create("colourspace").Set("in", this).Set("space", "srgb");
        operation.Run();
        return operation.GetImage("out");
    }

    /// <summary>Composites the alpha channel over a plain background (JPEG has no alpha).</summary>
    public VipsImage Flatten(double background)
    {
        using var operation = VipsOperation.Create("flatten").Set("in", this).Set("background", [background]);
        operation.Run();
        return operation.GetImage("out");
    }

    /// <summary>Encodes as baseline JPEG without metadata; libvips subsamples chroma 4:2:0 below Q 90.</summary>
    public byte[] SaveJpeg(int quality, bool optimizeCoding)
    {
        using var operation = VipsOperation.Create("jpegsave_buffer")
            .Set("in", this)
            .Set("Q", quality)
            .Set("strip", true)
            .Set("optimize_coding", optimizeCoding);
        operation.Run();
        return operation.GetBlob("buffer");
    }

    /// <summary>Encodes as lossy WebP without metadata; <paramref name="effort"/> 0 (fast) – 6 (small).</summary>
    public byte[] SaveWebp(int quality, int effort)
    {
        using var operation = VipsOperation.Create("webpsave_buffer")
            .Set("in", this)
            .Set("Q", quality)
            .Set("strip", true);
        operation.Set(operation.Has("effort") ? "effort" : "reduction_effort", effort);
        operation.Run();
        return operation.GetBlob("buffer");
    }

    /// <summary>Decodes an encoded image (any format libvips knows) fully into memory; for tests and tools.</summary>
    public static VipsImage Decode(ReadOnlySpan<byte> encoded)
    {
        using var source = EncodedImage.FromBytes(encoded);
        using var lazy = source.Load(FailOn.Error);
        return lazy.CopyMemory();
    }

    public void Dispose() => Handle.Dispose();
}
