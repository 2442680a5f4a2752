using PiVault.Server.Json;

namespace PiVault.Server.Features.Immich;

/// <summary>Memories and stacks for <c>MemoriesV1</c>, <c>MemoryToAssetsV1</c> and <c>StacksV1</c>: the user's own only, deletions first.</summary>
public sealed partial class ImmichSyncService
{
    public const string MemoryV1 = "MemoryV1";
    public const string MemoryDeleteV1 = "MemoryDeleteV1";
    public const string MemoryToAssetV1 = "MemoryToAssetV1";
    public const string MemoryToAssetDeleteV1 = "MemoryToAssetDeleteV1";
    public const string StackV1 = "StackV1";
    public const string StackDeleteV1 = "StackDeleteV1";

    private async Task StreamStacksAsync(SyncContext stream, HashSet<string> types)
    {
        if (!types.Contains("StacksV1"))
        {
            return;
        }
        await stream.PagesAsync(after => stacks.DeletedSince(stream.Snapshot, stream.UserId, after, PageSize), d => d.Seq, StackDeleteV1,
            d => stream.Lines.Write(StackDeleteV1, new SyncStackDeleteV1(d.StackId), PiVaultJsonContext.Default.SyncStackDeleteV1, Ack(StackDeleteV1, d.Seq)));
        await stream.PagesAsync(after => stacks.ChangedSince(stream.Snapshot, stream.UserId, after, PageSize), s => s.Seq, StackV1,
            s => stream.Lines.Write(StackV1, new SyncStackV1(s.CreatedAt, s.Id, s.OwnerId, s.PrimaryAssetId, s.UpdatedAt), PiVaultJsonContext.Default.SyncStackV1,
                Ack(StackV1, s.Seq)));
    }

    /// <summary>Memories before their links to assets, as the app's local database needs them.</summary>
    private async Task StreamMemoriesAsync(SyncContext stream, HashSet<string> types)
    {
        if (types.Contains("MemoriesV1"))
        {
            await stream.PagesAsync(after => memories.DeletedSince(stream.Snapshot, stream.UserId, after, PageSize), d => d.Seq, MemoryDeleteV1,
                d => stream.Lines.Write(MemoryDeleteV1, new SyncMemoryDeleteV1(d.MemoryId), PiVaultJsonContext.Default.SyncMemoryDeleteV1, Ack(MemoryDeleteV1, d.Seq)));
            await stream.PagesAsync(after => memories.ChangedSince(stream.Snapshot, stream.UserId, after, PageSize), m => m.Seq, MemoryV1,
                m => stream.Lines.Write(MemoryV1, ImmichMemoryEndpoints.SyncMemory(m), PiVaultJsonContext.Default.SyncMemoryV1, Ack(MemoryV1, m.Seq)));
        }
        if (types.Contains("MemoryToAssetsV1"))
        {
            await stream.PagesAsync(after => memories.LinksDeletedSince(stream.Snapshot, stream.UserId, after, PageSize), d => d.Seq, MemoryToAssetDeleteV1,
                d => stream.Lines.Write(MemoryToAssetDeleteV1, new SyncMemoryAssetDeleteV1(d.AssetId, d.MemoryId), PiVaultJsonContext.Default.SyncMemoryAssetDeleteV1,
                    Ack(MemoryToAssetDeleteV1, d.Seq)));
            await stream.PagesAsync(after => memories.LinksSince(stream.Snapshot, stream.UserId, after, PageSize), l => l.Seq, MemoryToAssetV1,
                l => stream.Lines.Write(MemoryToAssetV1, new SyncMemoryAssetV1(l.AssetId, l.MemoryId), PiVaultJsonContext.Default.SyncMemoryAssetV1,
                    Ack(MemoryToAssetV1, l.Seq)));
        }
    }
}
