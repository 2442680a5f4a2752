using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PiVault.Tests.Infrastructure;

/// <summary>Test-side helpers for the upload API and problem responses.</summary>
public static class Uploads
{
    public static MultipartFormDataContent Form(byte[] bytes, string fileName, IDictionary<string, string>? fields = null, string partName = "file")
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value), name);
        }
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, partName, fileName);
        return form;
    }

    public static async Task<(HttpStatusCode Status, string Id, string Result)> UploadAsync(this HttpClient client, byte[] bytes, string fileName, IDictionary<string, string>? fields = null)
    {
        using var form = Form(bytes, fileName, fields);
        var response = await client.PostAsync("/api/v1/assets", form);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            return (response.StatusCode, "", body.ToString());
        }
        return (response.StatusCode, body.GetProperty("id").GetString()!, body.GetProperty("status").GetString()!);
    }

    /// <summary>Asserts an RFC 9457 problem response and returns its detail text.</summary>
    public static async Task<string> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, body.GetProperty("status").GetInt32());
        var detail = body.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail));
        return detail!;
    }

    public static string CorpusFile(string relativePath)
    {
        var path = Path.Combine(CorpusRoot, relativePath);
        Assert.True(File.Exists(path), $"corpus file missing: {path}");
        return path;
    }

    /// <summary>../shared/corpus beside the checkout (PIVAULT_CORPUS overrides).</summary>
    public static string CorpusRoot =>
        Environment.GetEnvironmentVariable("PIVAULT_CORPUS") is { Length: > 0 } root ? root : Path.Combine(RepoRoot, "..", "shared", "corpus");

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PiVault.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("PiVault.sln not found above the test binaries.");
        }
    }

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0xFF; // JPEG-like start so the sniffer never mistakes random bytes for a program
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        return bytes;
    }
}
