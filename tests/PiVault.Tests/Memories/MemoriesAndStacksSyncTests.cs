using System.Text.Json;
using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Memories;
using PiVault.Server.Features.Stacks;
using PiVault.Tests.Infrastructure;
using static PiVault.Tests.Infrastructure.SyncReader;

namespace PiVault.Tests.Memories;

/// <summary>
/// The sync stream's memory and stack lines (MemoriesV1, MemoryToAssetsV1, StacksV1 as the app requests them), read from the
/// real ImmichSyncService with acks: each change reaches each of the owner's devices exactly once, undoing it sends the
/// delete lines, and another user's devices hear nothing.
/// </summary>
public sealed class MemoriesAndStacksSyncTests
{
    private static readonly string[] MemoryTypes = ["MemoriesV1", "MemoryToAssetsV1"];

    [Fact]
    public async Task A_memory_reaches_each_device_once_and_its_deletion_removes_it()
    {
        await using var tier = new ServiceTier(new ManualTime(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero)));
        var phone = tier.CreateUser("ann");
        var tablet = phone with { CredentialId = "tablet" };
        var bob = tier.CreateUser("bob");
        var photos = new[] { tier.Photo(phone, 1, new DateTimeOffset(2024, 12, 7, 9, 0, 0, TimeSpan.Zero)), tier.Photo(phone, 2, new DateTimeOffset(2024, 12, 7, 10, 0, 0, TimeSpan.Zero)) };
        tier.Get<OnThisDay>().BuildToday(phone.UserId);
        var memoryId = Assert.Single(tier.Get<MemoryService>().Search(phone, new MemoryQuery())).Memory.Id;

        foreach (var device in new[] { phone, tablet })
        {
            var lines = await NextAsync(tier, device, MemoryTypes);
            var memory = Assert.Single(lines, l => l.Type == "MemoryV1").Data;
            Assert.Equal((memoryId, "on_this_day", 2024, false), (memory.GetProperty("id").GetString(), memory.GetProperty("type").GetString(),
                memory.GetProperty("data").GetProperty("year").GetInt32(), memory.GetProperty("isSaved").GetBoolean()));
            Assert.Equal(photos.Order(), lines.Where(l => l.Type == "MemoryToAssetV1").Select(l => l.Data.GetProperty("assetId").GetString()).Order());
            Assert.Empty(await NextAsync(tier, device, MemoryTypes)); // exactly once
        }
        Assert.Empty(await NextAsync(tier, bob, MemoryTypes));

        tier.Get<MemoryService>().Update(phone, memoryId, new MemoryEdit(IsSaved: true));
        Assert.True(Assert.Single(await NextAsync(tier, phone, MemoryTypes)).Data.GetProperty("isSaved").GetBoolean());

        tier.Get<MemoryService>().Delete(phone, memoryId);
        foreach (var device in new[] { phone, tablet })
        {
            var lines = await NextAsync(tier, device, MemoryTypes);
            Assert.Equal(memoryId, Assert.Single(lines, l => l.Type == "MemoryDeleteV1").Data.GetProperty("memoryId").GetString());
            Assert.Equal(2, lines.Count(l => l.Type == "MemoryToAssetDeleteV1"));
            Assert.DoesNotContain(lines, l => l.Type is "MemoryV1" or "MemoryToAssetV1");
            Assert.Empty(await NextAsync(tier, device, MemoryTypes));
        }
    }

    [Fact]
    public async Task A_stack_reaches_each_device_once_with_its_assets_and_unstacking_removes_it()
    {
        await using var tier = new ServiceTier();
        var phone = tier.CreateUser("ann");
        var tablet = phone with { CredentialId = "tablet" };
        var bob = tier.CreateUser("bob");
        var photos = Enumerable.Range(1, 3).Select(i => tier.Photo(phone, i)).ToList();
        string[] types = ["StacksV1", "AssetsV1"];
        await NextAsync(tier, phone, types);
        await NextAsync(tier, tablet, types);

        var stack = tier.Get<StackService>().Create(phone, [photos[1], photos[0]]);
        foreach (var device in new[] { phone, tablet })
        {
            var lines = await NextAsync(tier, device, types);
            var line = Assert.Single(lines, l => l.Type == "StackV1").Data;
            Assert.Equal((stack.Stack.Id, photos[1], phone.UserId), (line.GetProperty("id").GetString(), line.GetProperty("primaryAssetId").GetString(),
                line.GetProperty("ownerId").GetString()));
            Assert.Equal(new[] { photos[0], photos[1] }.Order(), StackedAssets(lines, stack.Stack.Id).Order());
            Assert.Empty(await NextAsync(tier, device, types));
        }
        Assert.Empty(await NextAsync(tier, bob, types));

        tier.Get<StackService>().Delete(phone, stack.Stack.Id);
        foreach (var device in new[] { phone, tablet })
        {
            var lines = await NextAsync(tier, device, types);
            Assert.Equal(stack.Stack.Id, Assert.Single(lines, l => l.Type == "StackDeleteV1").Data.GetProperty("stackId").GetString());
            Assert.Equal(2, lines.Count(l => l.Type == "AssetV1" && l.Data.GetProperty("stackId").ValueKind == JsonValueKind.Null));
            Assert.Empty(await NextAsync(tier, device, types));
        }
    }

    private static IEnumerable<string?> StackedAssets(List<(string Type, JsonElement Data, string Ack)> lines, string stackId) =>
        lines.Where(l => l.Type == "AssetV1" && l.Data.GetProperty("stackId").GetString() == stackId).Select(l => l.Data.GetProperty("id").GetString());
}
