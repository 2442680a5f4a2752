using Microsoft.AspNetCore.Http.Features;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Users;

/// <summary>
/// Profile pictures (migration 0032): JPEG, PNG or WebP as their bytes say (never the client's content type), at most
/// <see cref="MaxBytes"/>, written durably (temp, fsync, rename) to <c>&lt;data&gt;/profile-images/&lt;user id&gt;</c>.
/// </summary>
public sealed class ProfileImageService(Database database, PiVaultOptions options, TimeProvider time)
{
    public const int MaxBytes = 5 * 1024 * 1024;

    private string Dir => Path.Combine(options.DataDir, "profile-images");

    public async Task<DateTimeOffset> SaveAsync(Caller caller, HttpContext http)
    {
        if (http.Request.ContentLength > MaxBytes + 64 * 1024)
        {
            throw ApiException.TooLarge($"A profile picture can be at most {MaxBytes / (1024 * 1024)} MB.");
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes + 64 * 1024;
        }
        if (!http.Request.HasFormContentType)
        {
            throw ApiException.BadRequest("Send the picture as multipart/form-data in the part \"file\".");
        }
        var form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxBytes + 1L, ValueCountLimit = 16 }, http.RequestAborted);
        var file = form.Files.GetFile("file") ?? throw ApiException.BadRequest("The multipart body has no part \"file\" with the picture.");
        if (file.Length > MaxBytes)
        {
            throw ApiException.TooLarge($"A profile picture can be at most {MaxBytes / (1024 * 1024)} MB.");
        }
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, http.RequestAborted);
        }
        var type = ContentType(bytes) ?? throw ApiException.Unsupported("A profile picture must be a JPEG, PNG or WebP image.");
        Directory.CreateDirectory(Dir);
        DurableFile.WriteAllBytes(PathOf(caller.UserId), bytes);
        var now = time.GetUtcNow();
        using var db = database.Open();
        db.Execute("UPDATE users SET profile_image_type = $type, profile_changed_at = $now, updated_at = $now WHERE id = $id;",
            ("$id", caller.UserId), ("$type", type), ("$now", now.ToDb()));
        return now;
    }

    /// <summary>Idempotent: without a picture there is nothing to do.</summary>
    public void Delete(Caller caller)
    {
        using (var db = database.Open())
        {
            db.Execute(
                "UPDATE users SET profile_image_type = NULL, profile_changed_at = $now, updated_at = $now WHERE id = $id AND profile_image_type IS NOT NULL;",
                ("$id", caller.UserId), ("$now", time.GetUtcNow().ToDb()));
        }
        File.Delete(PathOf(caller.UserId));
    }

    /// <summary>Any household member's picture (the app shows them beside shared albums); 404 when there is none.</summary>
    public (string Path, string ContentType) Find(string userId)
    {
        if (!Guid.TryParse(userId, out _))
        {
            throw ApiException.BadRequest($"'{userId}' is not a valid user id.");
        }
        using var db = database.Open();
        var type = db.QuerySingle("SELECT profile_image_type FROM users WHERE id = $id AND profile_image_type IS NOT NULL;",
            r => r.GetString(0), ("$id", userId));
        var path = PathOf(userId);
        return type is not null && File.Exists(path) ? (path, type) : throw ApiException.NotFound("This user has no profile picture.");
    }

    /// <summary>When the user last changed their picture (their account's creation until then).</summary>
    public DateTimeOffset? ChangedAt(string userId)
    {
        using var db = database.Open();
        return db.Query("SELECT profile_changed_at FROM users WHERE id = $id AND profile_changed_at IS NOT NULL;",
            r => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), ("$id", userId)) is [var changed] ? changed : null;
    }

    public bool Has(string userId)
    {
        using var db = database.Open();
        return db.Scalar<long>("SELECT count(*) FROM users WHERE id = $id AND profile_image_type IS NOT NULL;", ("$id", userId)) > 0;
    }

    private string PathOf(string userId) => Path.Combine(Dir, userId);

    /// <summary>The type the bytes are, by their signature.</summary>
    public static string? ContentType(ReadOnlySpan<byte> b) =>
        b.StartsWith((byte[])[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : b.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : null;
}
