using System.Text.Json.Serialization;
using PiVault.Server.Features.People;

namespace PiVault.Server.Features.Immich;

/// <summary>Immich's PersonResponseDto (@immich/sdk 3.2.2); <c>thumbnailPath</c> is the URL of the face picture.</summary>
public sealed record ImmichPersonDto(
    string? BirthDate, string? Color, string Id, bool IsFavorite, bool IsHidden, string Name, string ThumbnailPath, string Type, DateTimeOffset UpdatedAt)
{
    public static ImmichPersonDto From(PersonRecord p) =>
        new(p.BirthDate, p.Color, p.Id, p.IsFavorite, p.IsHidden, p.Name, $"/api/people/{p.Id}/thumbnail", "person", p.UpdatedAt);
}

public sealed record ImmichPeopleDto(bool HasNextPage, long Hidden, List<ImmichPersonDto> People, long Total);

/// <summary>PersonCreateDto, PersonUpdateDto and PeopleUpdateItem in one: absent fields stay as they are.</summary>
public sealed record ImmichPersonRequest(
    string? Id, string? BirthDate, string? Color, string? FeatureFaceAssetId, bool? IsFavorite, bool? IsHidden, string? Name)
{
    public PersonEdit ToEdit() => new(Name, BirthDate, IsHidden, IsFavorite, Color, FeatureFaceAssetId);
}

public sealed record ImmichPeopleUpdateRequest(List<ImmichPersonRequest>? People);

public sealed record ImmichMergePersonRequest(List<string>? Ids);

public sealed record ImmichPersonStatisticsDto(long Assets);

/// <summary>AssetFaceResponseDto: the box in pixels of imageWidth × imageHeight and the face's person.</summary>
public sealed record ImmichAssetFaceDto(
    int BoundingBoxX1, int BoundingBoxX2, int BoundingBoxY1, int BoundingBoxY2, string Id, int ImageHeight, int ImageWidth, ImmichPersonDto? Person,
    string SourceType)
{
    public static ImmichAssetFaceDto From(FaceView v) => new(
        v.Face.X1, v.Face.X2, v.Face.Y1, v.Face.Y2, v.Face.Id, v.Face.ImageHeight, v.Face.ImageWidth,
        v.Person is { } p ? ImmichPersonDto.From(p) : null, v.Face.Source);
}

/// <summary>AssetFaceWithoutPersonResponseDto: a face's box in pixels of imageWidth × imageHeight.</summary>
public sealed record ImmichFaceBoxDto(int BoundingBoxX1, int BoundingBoxX2, int BoundingBoxY1, int BoundingBoxY2, string Id, int ImageHeight, int ImageWidth, string SourceType)
{
    public static ImmichFaceBoxDto From(FaceRecord f) => new(f.X1, f.X2, f.Y1, f.Y2, f.Id, f.ImageHeight, f.ImageWidth, f.Source);
}

/// <summary>
/// An entry of <c>people</c> on GET /api/assets/{id}: @immich/sdk 3.2.2 declares PersonResponseDto, Immich's server sends
/// PersonWithFacesResponseDto (the same fields plus the person's <c>faces</c> on this photo), and so does PiVault.
/// </summary>
public sealed record ImmichPersonWithFacesDto(
    string? BirthDate, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Color, List<ImmichFaceBoxDto> Faces, string Id, bool IsFavorite, bool IsHidden, string Name, string ThumbnailPath,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The people on a photo, each with its faces there, in the order their first face was found; faces without a person are left out.</summary>
    public static List<ImmichPersonWithFacesDto> Of(IEnumerable<FaceView> faces) => faces
        .Where(v => v.Person is not null)
        .GroupBy(v => v.Person!.Id)
        .Select(g => From(g.First().Person!, g.Select(v => v.Face)))
        .ToList();

    private static ImmichPersonWithFacesDto From(PersonRecord p, IEnumerable<FaceRecord> faces) => new(
        p.BirthDate, p.Color, faces.Select(ImmichFaceBoxDto.From).ToList(), p.Id, p.IsFavorite, p.IsHidden, p.Name, ImmichPersonDto.From(p).ThumbnailPath,
        p.UpdatedAt);
}

/// <summary>FaceDto: the person a face is given to.</summary>
public sealed record ImmichFaceRequest(string? Id);
