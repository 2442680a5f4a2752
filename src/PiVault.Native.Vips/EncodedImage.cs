using System.Runtime.InteropServices;
using PiVault.Native.Vips.Interop;

namespace PiVault.Native.Vips;

/// <summary>libvips' fail_on levels: how bad a decode problem must be to fail the load.</summary>
internal enum FailOn
{
    /// <summary>Never fail; broken data decodes as grey or garbage.</summary>
    None,

    /// <summary>Fail on truncated files.</summary>
    Truncated,

    /// <summary>Fail on any decoder error.</summary>
    Error,

    /// <summary>Fail on any decoder warning too.</summary>
    Warning,
}

/// <summary>
/// An encoded image to decode: a file path, or a libvips-owned copy of in-memory bytes (a VipsBlob, so a
/// lazy pipeline can never outlive the managed buffer it reads). Knows its loader and how to open it.
/// </summary>
internal sealed unsafe class EncodedImage : IDisposable
{
    private readonly string? _path;
    private readonly VipsAreaHandle? _blob;

    private EncodedImage(string? path, VipsAreaHandle? blob, string loader)
    {
        _path = path;
        _blob = blob;
        Loader = loader;
    }

    /// <summary>The loader's type name, e.g. VipsForeignLoadJpegFile.</summary>
    public string Loader { get; }

    /// <summary>True for the libjpeg loader, which can decode at 1/2, 1/4 or 1/8 scale.</summary>
    public bool IsJpeg => Loader.StartsWith("VipsForeignLoadJpeg", StringComparison.Ordinal);

    /// <summary>Finds the loader for a file by its content; throws <see cref="VipsException"/> if none fits.</summary>
    public static EncodedImage FromFile(string path)
    {
        VipsLibrary.EnsureStarted();
        var loader = LibVips.vips_foreign_find_load(path);
        if (loader == 0)
        {
            throw VipsErrorBuffer.Failure($"{path} is not a known image format");
        }
        return new EncodedImage(path, null, Marshal.PtrToStringUTF8(loader)!);
    }

    /// <summary>Copies the bytes into a blob and finds their loader.</summary>
    public static EncodedImage FromBytes(ReadOnlySpan<byte> bytes)
    {
        VipsLibrary.EnsureStarted();
        fixed (byte* data = bytes)
        {
            var loader = LibVips.vips_foreign_find_load_buffer(data, (nuint)bytes.Length);
            if (loader == 0)
            {
                throw VipsErrorBuffer.Failure("the bytes are not a known image format");
            }
            return new EncodedImage(null, LibVips.vips_blob_copy(data, (nuint)bytes.Length), Marshal.PtrToStringUTF8(loader)!);
        }
    }

    /// <summary>
    /// Opens the image lazily: the header is read now, pixels when pulled. <paramref name="jpegShrink"/>
    /// (1, 2, 4, 8) makes libjpeg decode at reduced size. Sequential access: each pixel is read once, top to bottom.
    /// </summary>
    public VipsImage Load(FailOn failOn, int jpegShrink = 1)
    {
        using var operation = VipsOperation.Create(Loader);
        SetSource(operation, "filename", "buffer");
        operation.Set("access", "sequential").Set("fail_on", Nick(failOn));
        if (jpegShrink != 1)
        {
            operation.Set("shrink", jpegShrink);
        }
        operation.Run();
        return operation.GetImage("out");
    }

    /// <summary>
    /// libvips' thumbnail operation: opens the source with the best shrink-on-load it knows for the format
    /// (HEIF embedded thumbnails, WebP scaling, TIFF pyramids), then fits the box like
    /// <see cref="VipsImage.ThumbnailImage"/>.
    /// </summary>
    public VipsImage Thumbnail(int width, int height, FailOn failOn, string? exportProfile)
    {
        using var operation = VipsOperation.Create(_path is null ? "thumbnail_buffer" : "thumbnail");
        SetSource(operation, "filename", "buffer");
        operation.Set("width", width)
            .Set("height", height)
            .Set("size", "down")
            .Set("fail_on", Nick(failOn));
        if (exportProfile is not null)
        {
            operation.Set("export_profile", exportProfile);
        }
        operation.Run();
        return operation.GetImage("out");
    }

    /// <summary>The first <paramref name="count"/> bytes (fewer if the data is shorter).</summary>
    public byte[] Head(int count) => Slice(fromEnd: false, count);

    /// <summary>The last <paramref name="count"/> bytes (fewer if the data is shorter).</summary>
    public byte[] Tail(int count) => Slice(fromEnd: true, count);

    /// <summary>All the encoded bytes, copied (only for the rare repair path).</summary>
    public byte[] ReadAll() => _path is not null ? File.ReadAllBytes(_path) : BlobBytes().ToArray();

    public void Dispose() => _blob?.Dispose();

    private byte[] Slice(bool fromEnd, int count)
    {
        if (_path is null)
        {
            var bytes = BlobBytes();
            var length = Math.Min(count, bytes.Length);
            return (fromEnd ? bytes[^length..] : bytes[..length]).ToArray();
        }
        using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        var take = (int)Math.Min(count, file.Length);
        file.Position = fromEnd ? file.Length - take : 0;
        var buffer = new byte[take];
        file.ReadExactly(buffer);
        return buffer;
    }

    /// <summary>The blob's bytes, valid while this object is alive.</summary>
    private ReadOnlySpan<byte> BlobBytes()
    {
        var data = LibVips.vips_blob_get(_blob!.DangerousGetHandle(), out var length);
        return new ReadOnlySpan<byte>(data, checked((int)length));
    }

    private void SetSource(VipsOperation operation, string fileArgument, string bufferArgument)
    {
        if (_path is not null)
        {
            operation.Set(fileArgument, _path);
        }
        else
        {
            operation.Set(bufferArgument, _blob!);
        }
    }

    private static string Nick(FailOn failOn) => failOn switch
    {
        FailOn.None => "none",
        FailOn.Truncated => "truncated",
        FailOn.Error => "error",
        _ => "warning",
    };
}
