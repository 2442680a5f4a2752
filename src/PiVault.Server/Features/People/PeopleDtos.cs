namespace PiVault.Server.Features.People;

/// <summary>A person in PiVault's API: <see cref="Photos"/> counts their photos not in the trash.</summary>
public sealed record PersonDto(
    string Id, string Name, string? BirthDate, bool IsHidden, bool IsFavorite, string? Color, string? CoverFaceId, long Photos, long Faces,
    DateTimeOffset UpdatedAt)
{
    public static PersonDto From(PersonSummary s) => new(
        s.Person.Id, s.Person.Name, s.Person.BirthDate, s.Person.IsHidden, s.Person.IsFavorite, s.Person.Color, s.Person.CoverFaceId, s.Photos, s.Faces,
        s.Person.UpdatedAt);
}

public sealed record PeoplePageDto(List<PersonDto> People, long Total, long Hidden, bool HasNextPage);

/// <summary>Create or change a person: absent fields stay as they are; <c>birthDate</c> "" clears it; <c>coverAssetId</c> picks the cover.</summary>
public sealed record PersonRequest(string? Name, string? BirthDate, bool? IsHidden, bool? IsFavorite, string? Color, string? CoverAssetId)
{
    public PersonEdit ToEdit() => new(Name, BirthDate, IsHidden, IsFavorite, Color, CoverAssetId);
}

public sealed record MergePeopleRequest(List<string>? Ids);

/// <summary>Another person offered for merging: their face distance from this person (null: nothing to compare) and whether they probably are the same.</summary>
public sealed record MergeSuggestionDto(PersonDto Person, double? Distance, bool Likely)
{
    public static MergeSuggestionDto From(MergeSuggestion s) => new(PersonDto.From(s.Person), s.Distance, s.Likely);
}

public sealed record BulkOutcomeDto(string Id, bool Success, string? Error);

/// <summary>A face on a photo: the box in pixels of an image of imageWidth × imageHeight, its person and their age on the photo.</summary>
public sealed record FaceDto(
    string Id, string AssetId, int ImageWidth, int ImageHeight, int X1, int Y1, int X2, int Y2, string Source, string? PersonId, string? PersonName,
    int? Age)
{
    public static FaceDto From(FaceView v) => new(
        v.Face.Id, v.Face.AssetId, v.Face.ImageWidth, v.Face.ImageHeight, v.Face.X1, v.Face.Y1, v.Face.X2, v.Face.Y2, v.Face.Source, v.Person?.Id,
        v.Person?.Name, v.Age);
}

/// <summary>A face drawn by hand on a photo, given to one of the caller's people.</summary>
public sealed record TagFaceRequest(int X, int Y, int Width, int Height, int ImageWidth, int ImageHeight, string? PersonId);

/// <summary>Reassign a face: to <c>personId</c>, or to a new person when it is null.</summary>
public sealed record ReassignFaceRequest(string? PersonId);

/// <summary>How many faces found a person in a re-cluster.</summary>
public sealed record ReclusterResultDto(int Assigned);
