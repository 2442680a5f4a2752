using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Libraries;

/// <summary>Helpers for folder-library tests: a fingerprint of a folder (every file's SHA-256 and mtime), and waiting for the pipeline.</summary>
public static class LibraryTestFolder
{
    /// <summary>Every file under <paramref name="root"/> (relative path) with its SHA-256 and modification time, and every folder.</summary>
    public static SortedDictionary<string, string> Fingerprint(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
        {
            result[Path.GetRelativePath(root, dir) + "/"] = "dir";
        }
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var info = new FileInfo(file);
            result[Path.GetRelativePath(root, file)] = $"{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))} {info.LastWriteTimeUtc.Ticks} {info.Length}";
        }
        return result;
    }

    /// <summary>Waits until every job queue is empty (the metadata, thumbnails and what follows them ran).</summary>
    public static async Task WaitForIdleQueuesAsync(HttpClient admin)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var queues = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs");
            if (queues.EnumerateArray().All(q => q.GetProperty("pending").GetInt64() + q.GetProperty("running").GetInt64() == 0))
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the pipeline did not finish: {queues}");
            await Task.Delay(100);
        }
    }

    public static async Task<JsonElement> PostJsonAsync(HttpClient client, string path, object body, HttpStatusCode expected)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{path}: expected {expected}, got {response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The caller's assets, trash included, by original file name.</summary>
    public static async Task<Dictionary<string, JsonElement>> AssetsByNameAsync(HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/assets?size=1000");
        var trash = await client.GetFromJsonAsync<JsonElement>("/api/v1/trash");
        return page.GetProperty("items").EnumerateArray().Concat(trash.EnumerateArray())
            .ToDictionary(a => a.GetProperty("originalFileName").GetString()!, a => a, StringComparer.Ordinal);
    }

    public static void CopyCorpus(string corpusFile, string target, DateTime? modifiedUtc = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(Uploads.CorpusFile(corpusFile), target);
        File.SetLastWriteTimeUtc(target, modifiedUtc ?? new DateTime(2020, 5, 1, 12, 0, 0, DateTimeKind.Utc));
    }
}
