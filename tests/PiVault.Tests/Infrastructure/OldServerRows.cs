using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PiVault.Server.Storage;

namespace PiVault.Tests.Infrastructure;

/// <summary>
/// Assets as a server from before the upload check stored them: an SVG kept as <c>image/svg+xml</c>, a web page kept as
/// <c>application/octet-stream</c>, SVG bytes named .mp4 kept as a video. Made the way that server left them — a row
/// and a file in the library — by uploading a harmless file (so the row and file go through today's storing, whatever
/// it is) and then changing the row's type and the file's bytes behind the server's back.
/// </summary>
public static class OldServerRows
{
    public static async Task<string> PlantAsync(TestServer server, HttpClient owner, byte[] bytes, string fileName, string mimeType, string type, int seed)
    {
        var (_, id, _) = await owner.UploadAsync(Uploads.RandomBytes(2000, seed), "placeholder.jpg");
        Assert.False(string.IsNullOrEmpty(id));
        using var db = new SqliteConnection($"Data Source={server.Options.DatabasePath};Pooling=False");
        db.Open();
        using var update = db.CreateCommand();
        update.CommandText = "UPDATE assets SET mime_type = $mime, type = $type, original_file_name = $name, file_size = $size WHERE id = $id RETURNING original_path;";
        update.Parameters.AddWithValue("$mime", mimeType);
        update.Parameters.AddWithValue("$type", type);
        update.Parameters.AddWithValue("$name", fileName);
        update.Parameters.AddWithValue("$size", bytes.Length);
        update.Parameters.AddWithValue("$id", id);
        var relativePath = (string)update.ExecuteScalar()!;
        await File.WriteAllBytesAsync(server.Services.GetRequiredService<IFileStore>().FullPath(relativePath), bytes);
        return id;
    }
}
