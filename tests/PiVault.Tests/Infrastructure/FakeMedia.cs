using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using PiVault.Native.Vips;
using PiVault.Server.Features.Media;

namespace PiVault.Tests.Infrastructure;

/// <summary>
/// Stands in for libvips in the service tier. Its outputs are derived from its input (a marker and the SHA-256 of the
/// bytes it was given), so a test can tell which source a thumbnail was made from without decoding anything.
/// </summary>
public sealed class FakeThumbnailer : IThumbnailer
{
    private readonly ConcurrentQueue<byte[]> inputs = new();

    /// <summary>The displayed size every call reports.</summary>
    public (int Width, int Height) SourceSize { get; set; } = (4032, 3024);

    /// <summary>Decides, from the input bytes, whether a call throws instead of answering (null: it answers).</summary>
    public Func<byte[], Exception?> Failure { get; set; } = _ => null;

    /// <summary>The bytes of every call, in order: the original's content for photos, the poster frame for videos.</summary>
    public IReadOnlyList<byte[]> Inputs => inputs.ToList();

    public static byte[] ThumbnailOf(byte[] source) => [.. "thumb:"u8, .. SHA256.HashData(source)];

    public static byte[] PreviewOf(byte[] source) => [.. "preview:"u8, .. SHA256.HashData(source)];

    public static string ThumbHashOf(byte[] source) => Convert.ToBase64String(SHA256.HashData(source).AsSpan(0, 8));

    public ThumbnailSet Generate(string sourcePath, ThumbnailSpec spec) => Generate(File.ReadAllBytes(sourcePath), spec);

    public ThumbnailSet Generate(ReadOnlyMemory<byte> encodedImage, ThumbnailSpec spec)
    {
        var bytes = encodedImage.ToArray();
        inputs.Enqueue(bytes);
        if (Failure(bytes) is { } failure)
        {
            throw failure;
        }
        return new ThumbnailSet(ThumbnailOf(bytes), 250, 188, PreviewOf(bytes), 1920, 1440, SourceSize.Width, SourceSize.Height, ThumbHashOf(bytes));
    }
}

/// <summary>Stands in for ffprobe and ffmpeg's poster grab: answers <see cref="Info"/> for every file and records what it was asked.</summary>
public sealed class FakeVideoProbe : IVideoProbe
{
    private readonly ConcurrentQueue<string> probed = new();

    /// <summary>What a phone's H.264 MP4 looks like: it plays in every browser as it is.</summary>
    public static readonly VideoInfo PlayableMp4 = new(12.5, 1920, 1080, "h264", 30, 0, true, null)
    {
        PixelFormat = "yuv420p", AudioCodec = "aac", FormatName = "mov,mp4,m4a,3gp,3g2,mj2",
    };

    /// <summary>An iPhone's HEVC clip: needs a playback copy.</summary>
    public static readonly VideoInfo IphoneHevc = PlayableMp4 with { Codec = "hevc", Width = 1080, Height = 1920 };

    public VideoInfo Info { get; set; } = PlayableMp4;

    /// <summary>When set, every probe throws it (a damaged file).</summary>
    public Exception? Failure { get; set; }

    /// <summary>The file names (not paths) probed, in order.</summary>
    public IReadOnlyList<string> Probed => probed.ToList();

    public static byte[] PosterOf(byte[] video) => [.. "poster:"u8, .. SHA256.HashData(video)];

    public Task<VideoInfo> ProbeAsync(string path, CancellationToken cancel)
    {
        probed.Enqueue(Path.GetFileName(path));
        return Failure is { } failure ? Task.FromException<VideoInfo>(failure) : Task.FromResult(Info);
    }

    public Task<byte[]> PosterFrameAsync(string path, VideoInfo info, CancellationToken cancel) =>
        Task.FromResult(PosterOf(File.ReadAllBytes(path)));
}

/// <summary>Stands in for the ffmpeg encode: writes a small marker file where the H.264 copy would go.</summary>
public sealed class FakeVideoEncoder : IVideoEncoder
{
    private int calls;

    public int Calls => calls;

    public static byte[] CopyOf(byte[] video) => [.. Encoding.ASCII.GetBytes("h264 copy:"), .. SHA256.HashData(video)];

    public async Task EncodeAsync(string path, VideoInfo info, string outputPath, CancellationToken cancel)
    {
        Interlocked.Increment(ref calls);
        await File.WriteAllBytesAsync(outputPath, CopyOf(await File.ReadAllBytesAsync(path, cancel)), cancel);
    }
}
