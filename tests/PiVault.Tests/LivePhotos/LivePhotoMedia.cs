using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.LivePhotos;

/// <summary>
/// Live Photo and motion photo test media, made from corpus files (the corpus has no Live Photo pair): an iPhone HEIC
/// whose Apple MakerNote gets a content identifier written by exiftool (tag 0x0011, which exiftool 12.57 calls
/// MediaGroupUUID), an iPhone MOV with a QuickTime <c>mdta</c> key <c>com.apple.quicktime.content.identifier</c> added to
/// its moov, and a Google "MicroVideo" JPEG: a corpus JPEG with the XMP and a corpus MP4 appended.
/// </summary>
internal static class LivePhotoMedia
{
    public const string StillFile = "exif-samples/heic/IMG_5195.HEIC";
    public const string MovieFile = "mei/mov/with-gps.mov";
    public const string SamsungMotionPhoto = "immich-test-assets/formats/motionphoto/samsung-one-ui-6.heic";
    public const string MotionJpegBase = "exif-orientation-examples/Landscape_1.jpg";
    public const string EmbeddedMp4 = "mei/mp4/with-gps.mp4";

    /// <summary>The corpus iPhone HEIC with <paramref name="contentIdentifier"/> in its Apple MakerNote, written by exiftool.</summary>
    public static byte[] Still(string contentIdentifier)
    {
        var dir = TempDir.Create();
        try
        {
            var path = Path.Combine(dir, "IMG_0001.HEIC");
            File.Copy(Uploads.CorpusFile(StillFile), path);
            File.SetAttributes(path, FileAttributes.Normal);
            var (exit, output) = Exiftool("-q", "-overwrite_original", $"-Apple:MediaGroupUUID={contentIdentifier}", path);
            Assert.True(exit == 0, Encoding.UTF8.GetString(output));
            var (_, check) = Exiftool("-s3", "-Apple:MediaGroupUUID", path);
            Assert.Equal(contentIdentifier, Encoding.UTF8.GetString(check).Trim());
            return File.ReadAllBytes(path);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    /// <summary>
    /// The corpus iPhone MOV with a second QuickTime meta box (hdlr mdta, keys, ilst) holding the content identifier,
    /// appended to its moov; moov is the file's last box, so no chunk offset moves.
    /// </summary>
    public static byte[] Movie(string contentIdentifier)
    {
        var movie = File.ReadAllBytes(Uploads.CorpusFile(MovieFile));
        var moov = LastBox(movie);
        Assert.Equal("moov", Encoding.ASCII.GetString(movie, moov + 4, 4));
        var key = Encoding.UTF8.GetBytes("com.apple.quicktime.content.identifier");
        var value = Encoding.UTF8.GetBytes(contentIdentifier);
        var hdlr = Box("hdlr", [.. new byte[8], .. "mdta"u8, .. new byte[13]]);
        var keys = Box("keys", [.. new byte[4], .. U32(1), .. U32(8 + key.Length), .. "mdta"u8, .. key]);
        var data = Box("data", [.. U32(1), .. U32(0), .. value]);
        var ilst = Box("ilst", Box("\0\0\0\u0001", data));
        var meta = Box("meta", [.. hdlr, .. keys, .. ilst]);
        var result = new byte[movie.Length + meta.Length];
        movie.CopyTo(result, 0);
        meta.CopyTo(result, movie.Length);
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(moov), BinaryPrimitives.ReadUInt32BigEndian(movie.AsSpan(moov)) + (uint)meta.Length);
        return result;
    }

    /// <summary>A Google MicroVideo JPEG: the corpus JPEG with a GCamera XMP segment after SOI, then the MP4 appended.</summary>
    /// <param name="offsetFromEnd">What MicroVideoOffset says; the MP4's length unless a test wants a lie.</param>
    public static (byte[] Jpeg, byte[] Mp4) MicroVideoJpeg(long? offsetFromEnd = null)
    {
        var jpeg = File.ReadAllBytes(Uploads.CorpusFile(MotionJpegBase));
        var mp4 = File.ReadAllBytes(Uploads.CorpusFile(EmbeddedMp4));
        var xmp = Encoding.UTF8.GetBytes(
            "http://ns.adobe.com/xap/1.0/\0" +
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">" +
            "<rdf:Description rdf:about=\"\" xmlns:GCamera=\"http://ns.google.com/photos/1.0/camera/\" GCamera:MicroVideo=\"1\" " +
            $"GCamera:MicroVideoVersion=\"1\" GCamera:MicroVideoOffset=\"{offsetFromEnd ?? mp4.Length}\" GCamera:MicroVideoPresentationTimestampUs=\"1500000\"/>" +
            "</rdf:RDF></x:xmpmeta>");
        byte[] segment = [0xFF, 0xE1, (byte)((xmp.Length + 2) >> 8), (byte)(xmp.Length + 2), .. xmp];
        return ([.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2), .. mp4], mp4);
    }

    /// <summary>The still's content identifier as exiftool reads it (Apple MakerNote 0x0011, "MediaGroupUUID" in 12.57).</summary>
    public static string ExiftoolContentIdentifier(string path) => Encoding.UTF8.GetString(Exiftool("-s3", "-Apple:MediaGroupUUID", path).Output).Trim();

    /// <summary>What exiftool extracts as the motion photo's video (<c>-b -MotionPhotoVideo</c>): the outside reference.</summary>
    public static byte[] ExiftoolMotionPhotoVideo(string path)
    {
        var (exit, output) = Exiftool("-b", "-MotionPhotoVideo", path);
        Assert.True(exit == 0 && output.Length > 0, "exiftool found no MotionPhotoVideo");
        return output;
    }

    private static (int Exit, byte[] Output) Exiftool(params string[] args)
    {
        var start = new ProcessStartInfo("exiftool") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        Assert.True(process.WaitForExit(30_000), "exiftool did not finish");
        _ = errors.Result;
        return (process.ExitCode, output.ToArray());
    }

    private static int LastBox(byte[] file)
    {
        var at = 0;
        while (at + BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at)) < file.Length)
        {
            at += (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
        }
        return at;
    }

    private static byte[] U32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value);
        return bytes;
    }

    private static byte[] Box(string type, byte[] content) => [.. U32(8 + content.Length), .. Encoding.Latin1.GetBytes(type), .. content];
}
