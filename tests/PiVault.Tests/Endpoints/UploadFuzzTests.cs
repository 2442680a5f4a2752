using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Server.Cli;
using PiVault.Tests.Fuzz;
using PiVault.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PiVault.Tests.Endpoints;

/// <summary>
/// Hostile upload bodies over real HTTP, to both upload endpoints: mutated corpus files in multipart bodies whose framing
/// is damaged one way per seed (<see cref="MultipartMutator"/>: boundaries, truncation, huge or too many part headers,
/// missing parts and names, bare line feeds, too many or too long fields). Every answer is a success with an id or a 4xx
/// with the endpoint's JSON error body, never a 5xx; afterwards no temp file is left, and <c>db check --verify</c> finds
/// the library and the rows in agreement (every row has its original with its bytes, every original its row).
/// </summary>
public sealed class UploadFuzzTests(ITestOutputHelper output) : ServerWithAdmin
{
    private const int Requests = 84; // six rounds of the fourteen kinds of damage

    private static readonly string[] Files =
    [
        "exiftool-t-images/Canon.jpg", "exiftool-t-images/PNG.png", "exiftool-t-images/GIF.gif",
        "exiftool-t-images/RIFF.webp", "exiftool-t-images/DNG.dng", "exiftool-t-images/QuickTime.heic",
    ];

    [Fact]
    public async Task Damaged_multipart_bodies_get_a_4xx_json_error_or_are_stored_whole_never_a_5xx()
    {
        using var client = Server.Client(Admin);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        var answers = new Dictionary<int, int>();
        for (var i = 0; i < Requests; i++)
        {
            var seed = FuzzSeed.Base + i;
            var file = Files[i % Files.Length];
            var mutant = CorpusMutator.Mutate(await File.ReadAllBytesAsync(Uploads.CorpusFile(file)), Path.GetFileName(file), seed);
            var immich = i % 2 == 1;
            var body = MultipartMutator.Build(mutant.Bytes, mutant.FileName, seed, immich);
            var what = $"{file}, {body.Description}, {mutant}";

            using var response = await client.SendAsync(Request(body, immich));

            var status = (int)response.StatusCode;
            answers[status] = answers.GetValueOrDefault(status) + 1;
            var json = await JsonAsync(response, what);
            Assert.True(status is (>= 200 and < 300) or (>= 400 and < 500), $"{what}: {status} {json}");
            if (status < 300)
            {
                stored.Add(json.GetProperty("id").GetString()!);
            }
            else
            {
                AssertErrorBody(json, status, immich, what);
            }
        }

        output.WriteLine($"base seed {FuzzSeed.Base}: {string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Value} × {a.Key}"))}");
        Assert.True(answers.Keys.Any(s => s >= 400), "no body was refused: the damage never reached the parser");
        Assert.True(answers.Keys.Any(s => s < 300), "no body was accepted: the well-formed cases never got through");
        await AssertLibraryConsistentAsync(client, stored);
    }

    private static HttpRequestMessage Request(MultipartBody body, bool immich)
    {
        var content = new ByteArrayContent(body.Bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
        return new HttpRequestMessage(HttpMethod.Post, immich ? "/api/assets" : "/api/v1/assets") { Content = content };
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            Assert.Fail($"{what}: {(int)response.StatusCode} without a JSON body: {text[..Math.Min(text.Length, 300)]}");
            throw;
        }
    }

    /// <summary>PiVault's RFC 9457 problem, or Immich's <c>{message, error, statusCode}</c>, with a reason for the client.</summary>
    private static void AssertErrorBody(JsonElement json, int status, bool immich, string what)
    {
        var (statusField, textField) = immich ? ("statusCode", "message") : ("status", "detail");
        Assert.True(json.TryGetProperty(statusField, out var said) && said.GetInt32() == status, $"{what}: {json}");
        Assert.True(json.TryGetProperty(textField, out var text) && text.GetString() is { Length: > 10 }, $"{what}: {json}");
    }

    private async Task AssertLibraryConsistentAsync(HttpClient client, HashSet<string> stored)
    {
        Assert.Empty(Directory.EnumerateFiles(Server.LibraryTempDir));
        Assert.Equal(stored.Count, Server.LibraryFiles().Length);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/assets?size=100");
        Assert.Equal(stored.Count, page.GetProperty("total").GetInt32());
        using var report = new StringWriter();
        Assert.True(DbCheckCommand.Run(Server.Options, verify: true, report) == 0, report.ToString());
    }
}
