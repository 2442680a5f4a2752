using System.Globalization;
using PiVault.Server.Http;

namespace PiVault.Server.Features.People;

/// <summary>
/// A change to a person as both APIs send it: every field optional (absent = unchanged). <see cref="BirthDate"/> is
/// yyyy-MM-dd, an empty string clears it; <see cref="CoverAssetId"/> picks the person's face on that photo as the cover
/// (Immich's <c>featureFaceAssetId</c>).
/// </summary>
public sealed record PersonEdit(
    string? Name = null, string? BirthDate = null, bool? IsHidden = null, bool? IsFavorite = null, string? Color = null, string? CoverAssetId = null)
{
    public const int MaxNameLength = 200;

    /// <summary>The person with this edit applied (the cover is the service's business: it needs the faces).</summary>
    public PersonRecord ApplyTo(PersonRecord person, DateOnly today)
    {
        if (Name is { Length: > MaxNameLength })
        {
            throw ApiException.BadRequest($"A name has at most {MaxNameLength} characters.");
        }
        return person with
        {
            Name = Name?.Trim() ?? person.Name,
            BirthDate = BirthDate is null ? person.BirthDate : ParseBirthDate(BirthDate, today),
            IsHidden = IsHidden ?? person.IsHidden,
            IsFavorite = IsFavorite ?? person.IsFavorite,
            Color = Color ?? person.Color,
        };
    }

    /// <summary>A birthday as stored (yyyy-MM-dd), or null for an empty one; a malformed or future date is a 400.</summary>
    private static string? ParseBirthDate(string text, DateOnly today)
    {
        if (text.Length == 0)
        {
            return null;
        }
        var date = text.Length >= 10 && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw ApiException.BadRequest("birthDate must be a date (yyyy-MM-dd).");
        return date > today
            ? throw ApiException.BadRequest("birthDate cannot be in the future.")
            : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>Someone's age in whole years on the day a photo was taken (null without a birthday or for a photo before their birth).</summary>
    public static int? AgeOn(string? birthDate, DateTimeOffset takenAt)
    {
        if (Born(birthDate) is not { } born || !BornBy(birthDate, takenAt))
        {
            return null;
        }
        var day = DateOnly.FromDateTime(takenAt.UtcDateTime);
        var birthdayNotYet = day.Month < born.Month || (day.Month == born.Month && day.Day < born.Day);
        return day.Year - born.Year - (birthdayNotYet ? 1 : 0);
    }

    /// <summary>
    /// Whether someone with this birthday (null: unknown) can be in a photo taken at <paramref name="takenAt"/>: not if
    /// the photo's day (UTC) is before the birthday. Clustering never matches a face to a person born after its photo;
    /// the re-cluster's SQL twin is <c>FaceStore.UnassignBeforeBirth</c>.
    /// </summary>
    public static bool BornBy(string? birthDate, DateTimeOffset takenAt) =>
        Born(birthDate) is not { } born || DateOnly.FromDateTime(takenAt.UtcDateTime) >= born;

    private static DateOnly? Born(string? birthDate) =>
        birthDate is not null && DateOnly.TryParseExact(birthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born) ? born : null;
}
