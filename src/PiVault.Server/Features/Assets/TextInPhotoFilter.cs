namespace PiVault.Server.Features.Assets;

/// <summary>The search filter on text read in photos (the <c>asset_ocr</c> lines the text-in-photo step stores).</summary>
public static class TextInPhotoFilter
{
    /// <summary>
    /// A condition on <c>assets</c> (its <c>id</c>) for "text in the photo contains <paramref name="text"/>", case-insensitively,
    /// with its parameters: the trigram index for 3+ characters, a scan of the lines for shorter fragments.
    /// </summary>
    public static (string Condition, (string Name, object? Value)[] Parameters) Contains(string text)
    {
        var wanted = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return wanted.Length >= 3
            ? ("id IN (SELECT o.asset_id FROM asset_ocr_search s JOIN asset_ocr o ON o.seq = s.rowid WHERE asset_ocr_search MATCH $ocr)",
                [("$ocr", "\"" + wanted.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")])
            : ("EXISTS (SELECT 1 FROM asset_ocr o WHERE o.asset_id = assets.id AND o.text LIKE $ocr ESCAPE '\\')",
                [("$ocr", "%" + wanted.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                    .Replace("_", "\\_", StringComparison.Ordinal) + "%")]);
    }

}
