using System.Net;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Pipeline;

/// <summary>A decompression bomb uploaded through the API: stored as sent, its thumbnail job fails and says why.</summary>
public sealed class DecodeBombPipelineTests
{
    [Fact]
    public async Task The_bomb_of_issue_07_fails_its_thumbnail_job_with_a_clear_error_and_keeps_its_original()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        var bomb = PngBomb.Make(17000, 17000, bitDepth: 16, interlaced: true, rows: 64);

        var (status, id, body) = await client.UploadAsync(bomb, "bomb.png");
        Assert.True(status == HttpStatusCode.Created, body);
        await Pipeline.WaitUntilIdleAsync(client, TimeSpan.FromMinutes(2));

        var detail = await (await client.GetAsync($"/api/v1/assets/{id}/thumbnail")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("No thumbnail can be made", detail, StringComparison.Ordinal);
        Assert.Contains("17000×17000, 4 bands of 16 bits, interlaced", detail, StringComparison.Ordinal);
        Assert.Contains("refused before decoding", detail, StringComparison.Ordinal);
        Assert.Equal(bomb, await client.GetByteArrayAsync($"/api/v1/assets/{id}/original"));
    }
}
