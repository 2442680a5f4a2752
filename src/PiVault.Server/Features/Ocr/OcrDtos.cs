namespace PiVault.Server.Features.Ocr;

/// <summary>
/// One line of text found in a photo, as PiVault's API and Immich's <c>AssetOcrResponseDto</c> (@immich/sdk 3.2.2) both
/// give it: the box's corners x1,y1 .. x4,y4 normalised to 0..1 of the picture, clockwise from the top-left as the text
/// reads, the detector's and the recogniser's confidence, and the text.
/// </summary>
public sealed record AssetOcrDto(
    string Id, string AssetId, float X1, float Y1, float X2, float Y2, float X3, float Y3, float X4, float Y4,
    float BoxScore, float TextScore, string Text);
