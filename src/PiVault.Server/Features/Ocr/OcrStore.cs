using Microsoft.Data.Sqlite;
using PiVault.Ml.Ocr;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Ocr;

/// <summary>SQL for <c>asset_ocr</c>, the lines of text found in each asset; its FTS5 index follows by triggers (0017_ocr.sql).</summary>
public sealed class OcrStore
{
    /// <summary>Replaces the asset's lines with <paramref name="lines"/> (in reading order); run inside the step's transaction.</summary>
    public void Replace(SqliteConnection db, string assetId, IReadOnlyList<OcrLine> lines)
    {
        db.Execute("DELETE FROM asset_ocr WHERE asset_id = $asset;", ("$asset", assetId));
        for (var i = 0; i < lines.Count; i++)
        {
            var (box, line) = (lines[i].Box, lines[i]);
            db.Execute(
                """
                INSERT INTO asset_ocr (id, asset_id, line, x1, y1, x2, y2, x3, y3, x4, y4, box_score, text_score, text)
                VALUES ($id, $asset, $line, $x1, $y1, $x2, $y2, $x3, $y3, $x4, $y4, $boxScore, $textScore, $text);
                """,
                ("$id", Guid.NewGuid().ToString()), ("$asset", assetId), ("$line", i),
                ("$x1", box.TopLeft.X), ("$y1", box.TopLeft.Y), ("$x2", box.TopRight.X), ("$y2", box.TopRight.Y),
                ("$x3", box.BottomRight.X), ("$y3", box.BottomRight.Y), ("$x4", box.BottomLeft.X), ("$y4", box.BottomLeft.Y),
                ("$boxScore", line.BoxScore), ("$textScore", line.TextScore), ("$text", line.Text));
        }
    }

    public List<AssetOcrDto> Lines(SqliteConnection db, string assetId) => db.Query(
        """
        SELECT id, asset_id, x1, y1, x2, y2, x3, y3, x4, y4, box_score, text_score, text
        FROM asset_ocr WHERE asset_id = $asset ORDER BY line;
        """,
        r => new AssetOcrDto(r.GetString(0), r.GetString(1), r.GetFloat(2), r.GetFloat(3), r.GetFloat(4), r.GetFloat(5), r.GetFloat(6),
            r.GetFloat(7), r.GetFloat(8), r.GetFloat(9), r.GetFloat(10), r.GetFloat(11), r.GetString(12)),
        ("$asset", assetId));
}
