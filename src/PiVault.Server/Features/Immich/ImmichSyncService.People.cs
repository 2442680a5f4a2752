using PiVault.Server.Features.People;
using PiVault.Server.Json;

namespace PiVault.Server.Features.Immich;

public sealed record SyncPersonV1(
    string? BirthDate, string? Color, DateTimeOffset CreatedAt, string? FaceAssetId, string Id, bool IsFavorite, bool IsHidden, string Name, string OwnerId,
    DateTimeOffset UpdatedAt);

public sealed record SyncPersonDeleteV1(string PersonId);

public sealed record SyncAssetFaceV1(
    string AssetId, int BoundingBoxX1, int BoundingBoxX2, int BoundingBoxY1, int BoundingBoxY2, string Id, int ImageHeight, int ImageWidth, string? PersonId,
    string SourceType);

/// <summary>V1 plus <c>deletedAt</c> (always null: a deleted face is an AssetFaceDeleteV1) and <c>isVisible</c> (always true).</summary>
public sealed record SyncAssetFaceV2(
    string AssetId, int BoundingBoxX1, int BoundingBoxX2, int BoundingBoxY1, int BoundingBoxY2, DateTimeOffset? DeletedAt, string Id, int ImageHeight,
    int ImageWidth, bool IsVisible, string? PersonId, string SourceType);

public sealed record SyncAssetFaceDeleteV1(string AssetFaceId);

/// <summary>People and faces for <c>PeopleV1</c>, <c>AssetFacesV1</c> and <c>AssetFacesV2</c>: the user's own only, deletions first.</summary>
public sealed partial class ImmichSyncService
{
    public const string PersonV1 = "PersonV1";
    public const string PersonDeleteV1 = "PersonDeleteV1";
    public const string AssetFaceV1 = "AssetFaceV1";
    public const string AssetFaceV2 = "AssetFaceV2";
    public const string AssetFaceDeleteV1 = "AssetFaceDeleteV1";

    private async Task StreamPeopleAsync(SyncContext stream, HashSet<string> types)
    {
        if (types.Contains("PeopleV1"))
        {
            await stream.PagesAsync(after => peopleChanges.PeopleDeletedSince(stream.Snapshot, stream.UserId, after, PageSize), d => d.Seq, PersonDeleteV1,
                d => stream.Lines.Write(PersonDeleteV1, new SyncPersonDeleteV1(d.Id), PiVaultJsonContext.Default.SyncPersonDeleteV1, Ack(PersonDeleteV1, d.Seq)));
            await stream.PagesAsync(after => peopleChanges.PeopleSince(stream.Snapshot, stream.UserId, after, PageSize), c => c.Seq, PersonV1,
                c => stream.Lines.Write(PersonV1, Person(c), PiVaultJsonContext.Default.SyncPersonV1, Ack(PersonV1, c.Seq)));
        }
        if (types.Contains("AssetFacesV1") || types.Contains("AssetFacesV2"))
        {
            var v2 = types.Contains("AssetFacesV2");
            var faceType = v2 ? AssetFaceV2 : AssetFaceV1;
            await stream.PagesAsync(after => peopleChanges.FacesDeletedSince(stream.Snapshot, stream.UserId, after, PageSize), d => d.Seq, AssetFaceDeleteV1,
                d => stream.Lines.Write(AssetFaceDeleteV1, new SyncAssetFaceDeleteV1(d.Id), PiVaultJsonContext.Default.SyncAssetFaceDeleteV1,
                    Ack(AssetFaceDeleteV1, d.Seq)));
            await stream.PagesAsync(after => peopleChanges.FacesSince(stream.Snapshot, stream.UserId, after, PageSize), f => f.UpdateSeq, faceType, f =>
            {
                if (v2)
                {
                    stream.Lines.Write(AssetFaceV2, new SyncAssetFaceV2(f.AssetId, f.X1, f.X2, f.Y1, f.Y2, null, f.Id, f.ImageHeight, f.ImageWidth, true,
                        f.PersonId, f.Source), PiVaultJsonContext.Default.SyncAssetFaceV2, Ack(AssetFaceV2, f.UpdateSeq));
                }
                else
                {
                    stream.Lines.Write(AssetFaceV1, new SyncAssetFaceV1(f.AssetId, f.X1, f.X2, f.Y1, f.Y2, f.Id, f.ImageHeight, f.ImageWidth, f.PersonId,
                        f.Source), PiVaultJsonContext.Default.SyncAssetFaceV1, Ack(AssetFaceV1, f.UpdateSeq));
                }
            });
        }
    }

    private static SyncPersonV1 Person(PersonChange c) => new(
        c.Person.BirthDate, c.Person.Color, c.Person.CreatedAt, c.CoverAssetId, c.Person.Id, c.Person.IsFavorite, c.Person.IsHidden, c.Person.Name,
        c.Person.OwnerId, c.Person.UpdatedAt);
}
