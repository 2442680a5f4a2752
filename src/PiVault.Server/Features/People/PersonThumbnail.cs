using PiVault.Native.Vips;
using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.People;

/// <summary>
/// A person's picture: their cover face cut from the photo's stored preview (never the original), the box enlarged by
/// 10 % and made square as Immich does, 250 px, JPEG. Made on request through libvips; a few milliseconds on a preview.
/// </summary>
public sealed class PersonThumbnail(Database database, PersonStore people, FaceStore faces, DerivedFileStore derived)
{
    public const int Size = 250;
    private const double Padding = 1.1;

    public byte[] Render(Caller caller, string personId)
    {
        FaceRecord face;
        using (var db = database.Open())
        {
            var person = people.Find(db, caller.UserId, personId) ?? throw ApiException.NotFound("Person not found.");
            face = (person.CoverFaceId is { } id ? faces.Find(db, caller.UserId, id) : null)
                ?? throw ApiException.NotFound("This person has no face to show yet.");
        }
        var preview = derived.PathFor(face.OwnerId, face.AssetId, DerivedKind.Preview);
        if (!File.Exists(preview))
        {
            throw ApiException.NotFound("The photo of this person's face has no preview yet.");
        }
        try
        {
            return RegionJpeg.Square(File.ReadAllBytes(preview), (width, height) => Square(face, width, height), Size);
        }
        catch (MediaDecodeException)
        {
            throw ApiException.NotFound("The photo of this person's face cannot be read.");
        }
    }

    /// <summary>The face box scaled to the preview's size, enlarged and squared, kept inside the image.</summary>
    internal static (int Left, int Top, int Side) Square(FaceRecord face, int width, int height)
    {
        var scaleX = (double)width / face.ImageWidth;
        var scaleY = (double)height / face.ImageHeight;
        var centreX = (face.X1 + face.X2) / 2.0 * scaleX;
        var centreY = (face.Y1 + face.Y2) / 2.0 * scaleY;
        var side = Math.Max((face.X2 - face.X1) * scaleX, (face.Y2 - face.Y1) * scaleY) * Padding;
        var whole = (int)Math.Clamp(Math.Round(side), 1, Math.Min(width, height));
        var left = (int)Math.Clamp(Math.Round(centreX - (whole / 2.0)), 0, width - whole);
        var top = (int)Math.Clamp(Math.Round(centreY - (whole / 2.0)), 0, height - whole);
        return (left, top, whole);
    }
}
