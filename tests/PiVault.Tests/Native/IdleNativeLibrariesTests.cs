using System.Net.Http.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Native;

/// <summary>
/// An idle server maps only what it uses: libvips and its ~100 dependencies (about 10 MiB of RSS) load with the first
/// thumbnail job, not at start-up. The real executable, because an in-process server shares the test host's mappings.
/// </summary>
public sealed class IdleNativeLibrariesTests : IDisposable
{
    private readonly string dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(dir);

    [Fact]
    public async Task Libvips_is_not_loaded_until_the_first_thumbnail()
    {
        await using var server = await ServerProcess.StartAsync(Path.Combine(dir, "data"));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Equal("pong", (await http.GetFromJsonAsync<Dictionary<string, string>>("/api/v1/server/ping"))!["res"]);

        var maps = await File.ReadAllTextAsync($"/proc/{server.Id}/maps");

        Assert.Contains("libe_sqlite3.so", maps, StringComparison.Ordinal);
        Assert.DoesNotContain("libvips.so", maps, StringComparison.Ordinal);
        Assert.DoesNotContain("libglib-2.0.so", maps, StringComparison.Ordinal);
        Assert.DoesNotContain("Running without thumbnails", server.Output, StringComparison.Ordinal);
    }
}
