using System.Numerics;

namespace PiVault.Ml.Ocr;

/// <summary>
/// Four corners of a text box, clockwise from the top-left as the text reads: top-left, top-right, bottom-right,
/// bottom-left (PaddleOCR's order), in the pixels of the picture it was found in or normalised to 0..1.
/// </summary>
public readonly record struct Quad(Vector2 TopLeft, Vector2 TopRight, Vector2 BottomRight, Vector2 BottomLeft)
{
    /// <summary>The longer of the two horizontal sides: the crop's width.</summary>
    public float Width => MathF.Max(Vector2.Distance(TopLeft, TopRight), Vector2.Distance(BottomLeft, BottomRight));

    /// <summary>The longer of the two vertical sides: the crop's height.</summary>
    public float Height => MathF.Max(Vector2.Distance(TopLeft, BottomLeft), Vector2.Distance(TopRight, BottomRight));

    public Vector2 this[int corner] => corner switch
    {
        0 => TopLeft,
        1 => TopRight,
        2 => BottomRight,
        3 => BottomLeft,
        _ => throw new ArgumentOutOfRangeException(nameof(corner)),
    };

    /// <summary>The same corners, starting at the next one: the box as read after a quarter turn.</summary>
    public Quad StartingAtTopRight() => new(TopRight, BottomRight, BottomLeft, TopLeft);

    /// <summary>Scales each corner and clamps it into 0..<paramref name="maxX"/> x 0..<paramref name="maxY"/>.</summary>
    public Quad Scale(float sx, float sy, float maxX, float maxY)
    {
        Vector2 Map(Vector2 p) => new(Math.Clamp(p.X * sx, 0, maxX), Math.Clamp(p.Y * sy, 0, maxY));
        return new Quad(Map(TopLeft), Map(TopRight), Map(BottomRight), Map(BottomLeft));
    }

    /// <summary>
    /// Orders four corners of a rectangle as PaddleOCR does: of the two leftmost, the upper is top-left and the lower
    /// bottom-left; of the two rightmost, the upper is top-right.
    /// </summary>
    public static Quad Ordered(ReadOnlySpan<Vector2> corners)
    {
        Span<Vector2> byX = stackalloc Vector2[4];
        corners.CopyTo(byX);
        byX.Sort((a, b) => a.X.CompareTo(b.X));
        var (topLeft, bottomLeft) = byX[0].Y <= byX[1].Y ? (byX[0], byX[1]) : (byX[1], byX[0]);
        var (topRight, bottomRight) = byX[2].Y <= byX[3].Y ? (byX[2], byX[3]) : (byX[3], byX[2]);
        return new Quad(topLeft, topRight, bottomRight, bottomLeft);
    }

    /// <summary>Whether <paramref name="p"/> lies inside this convex quad (on an edge counts).</summary>
    public bool Contains(Vector2 p)
    {
        var sign = 0;
        for (var i = 0; i < 4; i++)
        {
            var a = this[i];
            var b = this[(i + 1) % 4];
            var cross = ((b.X - a.X) * (p.Y - a.Y)) - ((b.Y - a.Y) * (p.X - a.X));
            var side = cross > 1e-4f ? 1 : cross < -1e-4f ? -1 : 0;
            if (side != 0)
            {
                if (sign != 0 && side != sign)
                {
                    return false;
                }
                sign = side;
            }
        }
        return true;
    }
}
