using PiVault.Server.Features.Assets;
using PiVault.Server.Json;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// Partner sharing in the sync stream (docs/partners.md): the shares the user gives and receives (PartnersV1), and the
/// partners' assets, their EXIF and stacks (PartnerAssetsV1/V2, PartnerAssetExifsV1, PartnerStacksV1), with the deletions
/// that undo each. A new
/// share sends the partner's library from its start number; an asset the share no longer reaches (hidden, locked) and
/// every asset of a partner who stopped sharing arrive as PartnerAssetDeleteV1.
/// </summary>
public sealed partial class ImmichSyncService
{
    public const string PartnerV1 = "PartnerV1";
    public const string PartnerDeleteV1 = "PartnerDeleteV1";
    public const string PartnerAssetV1 = "PartnerAssetV1";
    public const string PartnerAssetV2 = "PartnerAssetV2";
    public const string PartnerAssetDeleteV1 = "PartnerAssetDeleteV1";
    public const string PartnerAssetExifV1 = "PartnerAssetExifV1";
    public const string PartnerStackV1 = "PartnerStackV1";
    public const string PartnerStackDeleteV1 = "PartnerStackDeleteV1";

    private async Task StreamPartnersAsync(SyncContext stream, HashSet<string> types)
    {
        if (types.Contains("PartnersV1"))
        {
            await stream.PagesAsync(after => partners.DeletedSince(stream.Snapshot, stream.UserId, after, PageSize), d => d.Seq, PartnerDeleteV1,
                d => stream.Lines.Write(PartnerDeleteV1, new SyncPartnerDeleteV1(d.SharedById, d.SharedWithId),
                    PiVaultJsonContext.Default.SyncPartnerDeleteV1, Ack(PartnerDeleteV1, d.Seq)));
            await stream.PagesAsync(after => partners.ChangedSince(stream.Snapshot, stream.UserId, after, PageSize), p => p.Seq, PartnerV1,
                p => stream.Lines.Write(PartnerV1, new SyncPartnerV1(p.InTimeline, p.SharedById, p.SharedWithId),
                    PiVaultJsonContext.Default.SyncPartnerV1, Ack(PartnerV1, p.Seq)));
        }
        if (types.Contains("PartnerAssetsV1") || types.Contains("PartnerAssetsV2"))
        {
            var assetType = types.Contains("PartnerAssetsV2") ? PartnerAssetV2 : PartnerAssetV1;
            await stream.PagesAsync(after => assets.PartnerDeletedSince(stream.Snapshot, stream.UserId, after), d => d.Seq, PartnerAssetDeleteV1,
                d => WritePartnerAssetDeletion(stream, d.AssetId, PartnerAssetDeleteV1, d.Seq));
            await stream.PagesAsync(after => assets.PartnerChangedSince(stream.Snapshot, stream.UserId, after, PageSize), c => c.Change.Seq, assetType, c =>
            {
                if (c.Shared)
                {
                    WriteAsset(stream, assetType, assetType, c.Change);
                }
                else
                {
                    WritePartnerAssetDeletion(stream, c.Change.Asset.Id, assetType, c.Change.Seq);
                }
            });
        }
        if (types.Contains("PartnerAssetExifsV1"))
        {
            await stream.PagesAsync(after => assets.PartnerMetadataChangedSince(stream.Snapshot, stream.UserId, after, PageSize), m => m.Seq, PartnerAssetExifV1,
                m => stream.Lines.Write(PartnerAssetExifV1, ImmichMapper.Exif(m), PiVaultJsonContext.Default.SyncAssetExifV1, Ack(PartnerAssetExifV1, m.Seq)));
        }
    }

    /// <summary>The partners' stacks (<c>PartnerStacksV1</c>), after the stacks' assets.</summary>
    private async Task StreamPartnerStacksAsync(SyncContext stream, HashSet<string> types)
    {
        if (!types.Contains("PartnerStacksV1"))
        {
            return;
        }
        await stream.PagesAsync(after => stacks.PartnerDeletedSince(stream.Snapshot, stream.UserId, after), d => d.Seq, PartnerStackDeleteV1,
            d => stream.Lines.Write(PartnerStackDeleteV1, new SyncStackDeleteV1(d.StackId), PiVaultJsonContext.Default.SyncStackDeleteV1, Ack(PartnerStackDeleteV1, d.Seq)));
        await stream.PagesAsync(after => stacks.PartnerChangedSince(stream.Snapshot, stream.UserId, after, PageSize), s => s.Seq, PartnerStackV1,
            s => stream.Lines.Write(PartnerStackV1, new SyncStackV1(s.CreatedAt, s.Id, s.OwnerId, s.PrimaryAssetId, s.UpdatedAt), PiVaultJsonContext.Default.SyncStackV1,
                Ack(PartnerStackV1, s.Seq)));
    }

    private static void WritePartnerAssetDeletion(SyncContext stream, string assetId, string ackType, long seq) =>
        stream.Lines.Write(PartnerAssetDeleteV1, new SyncAssetDeleteV1(assetId), PiVaultJsonContext.Default.SyncAssetDeleteV1, Ack(ackType, seq));
}
