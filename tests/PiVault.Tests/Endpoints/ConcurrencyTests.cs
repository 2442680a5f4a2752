using System.Net;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Fifty_parallel_uploads_of_the_same_bytes_make_exactly_one_asset()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var bytes = await File.ReadAllBytesAsync(Uploads.CorpusFile("exif-orientation-examples/Landscape_1.jpg"));
        using var client = server.Client(admin);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.UploadAsync(bytes, $"copy{i}.jpg")));

        var created = Assert.Single(results, r => r.Result == "created");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.All(results.Where(r => r.Result != "created"), r => Assert.Equal((HttpStatusCode.OK, "duplicate", created.Id), (r.Status, r.Result, r.Id)));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Assert.Single(server.LibraryFiles())));
        Assert.Empty(Directory.EnumerateFiles(server.LibraryTempDir));
    }

    [Fact]
    public async Task Different_users_uploading_the_same_bytes_each_get_their_own_asset()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var users = new List<Credential> { admin };
        for (var i = 0; i < 3; i++)
        {
            users.Add(await server.CreateUserAsync(admin, $"user{i}@example.com"));
        }
        var bytes = Uploads.RandomBytes(100_000, 42);

        var uploads = users.SelectMany(user => Enumerable.Range(0, 10).Select(async _ =>
        {
            using var client = server.Client(user);
            return (user.UserId, Result: await client.UploadAsync(bytes, "same.jpg"));
        }));
        var results = await Task.WhenAll(uploads);

        foreach (var group in results.GroupBy(r => r.UserId))
        {
            Assert.Single(group, r => r.Result.Result == "created");
            Assert.Single(group.Select(r => r.Result.Id).Distinct());
        }
        Assert.Equal(users.Count, results.Select(r => r.Result.Id).Distinct().Count());
        Assert.Equal(users.Count, server.LibraryFiles().Length);
    }
}
