using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace PiVault.Tests.Infrastructure;

/// <summary>
/// A JPEG that is only an EXIF header: DateTimeOriginal and OffsetTimeOriginal, the two tags a phone writes for the
/// capture time. Enough for the metadata step (the thumbnail step fails on it, which leaves the asset as it is).
/// </summary>
public static class ExifJpeg
{
    public static byte[] Taken(DateTime wallClock, TimeSpan offset)
    {
        var date = Encoding.ASCII.GetBytes(wallClock.ToString("yyyy:MM:dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "\0");
        var zone = Encoding.ASCII.GetBytes($"{(offset < TimeSpan.Zero ? '-' : '+')}{offset.Duration():hh\\:mm}\0");
        // Little-endian TIFF: header (8), IFD0 with the Exif IFD pointer (18), Exif IFD with two entries (30), then the text.
        const int exifIfd = 26, dateAt = exifIfd + 30;
        var tiff = new byte[dateAt + date.Length + zone.Length];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 1);
        Entry(tiff, 10, 0x8769, 4, 1, exifIfd);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(exifIfd), 2);
        Entry(tiff, exifIfd + 2, 0x9003, 2, date.Length, dateAt);
        Entry(tiff, exifIfd + 14, 0x9011, 2, zone.Length, dateAt + date.Length);
        date.CopyTo(tiff, dateAt);
        zone.CopyTo(tiff, dateAt + date.Length);

        var app1 = new byte[4 + 6 + tiff.Length];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(app1.Length - 2));
        "Exif\0\0"u8.CopyTo(app1.AsSpan(4));
        tiff.CopyTo(app1, 10);
        return [0xFF, 0xD8, .. app1, 0xFF, 0xD9];
    }

    /// <summary>
    /// Uploads such a photo (with a file date that says nothing: only its EXIF can place it) and waits until the
    /// metadata step has read it; returns its id.
    /// </summary>
    public static async Task<string> UploadAndReadAsync(HttpClient client, string fileName, DateTime wallClock, TimeSpan offset)
    {
        var (status, id, body) = await client.UploadAsync(Taken(wallClock, offset), fileName,
            new Dictionary<string, string> { ["fileCreatedAt"] = "2020-06-15T12:00:00Z" });
        Assert.True(status == HttpStatusCode.Created, body);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.GetAsync($"/api/v1/assets/{id}/metadata")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the metadata step did not run");
            await Task.Delay(50);
        }
        return id;
    }

    private static void Entry(byte[] tiff, int at, ushort tag, ushort type, int count, int valueOrOffset)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), tag);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at + 2), type);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 4), (uint)count);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 8), (uint)valueOrOffset);
    }
}
