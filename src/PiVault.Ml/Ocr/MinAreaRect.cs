using System.Numerics;

namespace PiVault.Ml.Ocr;

/// <summary>
/// The smallest rotated rectangle around a set of points (OpenCV's minAreaRect): the convex hull (monotone chain),
/// then each hull edge as a side of the candidate rectangle (rotating calipers); the one with the least area wins.
/// </summary>
public static class MinAreaRect
{
    /// <summary>The rectangle's corners in PaddleOCR's order, and its shorter side; null for fewer than two distinct points.</summary>
    public static (Quad Box, float ShortSide)? Around(IReadOnlyList<Vector2> points)
    {
        var hull = ConvexHull(points);
        if (hull.Count < 2)
        {
            return null;
        }
        var best = (Area: float.MaxValue, Axis: Vector2.UnitX, MinU: 0f, MaxU: 0f, MinV: 0f, MaxV: 0f);
        for (var i = 0; i < hull.Count; i++)
        {
            var edge = hull[(i + 1) % hull.Count] - hull[i];
            if (edge.LengthSquared() < 1e-9f)
            {
                continue;
            }
            var u = Vector2.Normalize(edge);
            var v = new Vector2(-u.Y, u.X);
            var (minU, maxU, minV, maxV) = (float.MaxValue, float.MinValue, float.MaxValue, float.MinValue);
            foreach (var p in hull)
            {
                var (pu, pv) = (Vector2.Dot(p, u), Vector2.Dot(p, v));
                (minU, maxU) = (MathF.Min(minU, pu), MathF.Max(maxU, pu));
                (minV, maxV) = (MathF.Min(minV, pv), MathF.Max(maxV, pv));
            }
            var area = (maxU - minU) * (maxV - minV);
            if (area < best.Area)
            {
                best = (area, u, minU, maxU, minV, maxV);
            }
        }
        var axisU = best.Axis;
        var axisV = new Vector2(-axisU.Y, axisU.X);
        Span<Vector2> corners =
        [
            (axisU * best.MinU) + (axisV * best.MinV),
            (axisU * best.MaxU) + (axisV * best.MinV),
            (axisU * best.MaxU) + (axisV * best.MaxV),
            (axisU * best.MinU) + (axisV * best.MaxV),
        ];
        return (Quad.Ordered(corners), MathF.Min(best.MaxU - best.MinU, best.MaxV - best.MinV));
    }

    /// <summary>The convex hull, counter-clockwise, without collinear points (Andrew's monotone chain).</summary>
    public static List<Vector2> ConvexHull(IReadOnlyList<Vector2> points)
    {
        var sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        if (sorted.Count < 3)
        {
            return sorted;
        }
        var hull = new List<Vector2>(sorted.Count * 2);
        foreach (var pass in new[] { sorted, Enumerable.Reverse(sorted).ToList() })
        {
            var start = hull.Count;
            foreach (var p in pass)
            {
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], p) <= 0)
                {
                    hull.RemoveAt(hull.Count - 1);
                }
                hull.Add(p);
            }
            hull.RemoveAt(hull.Count - 1); // the last point starts the other half
        }
        return hull;
    }

    private static float Cross(Vector2 o, Vector2 a, Vector2 b) => ((a.X - o.X) * (b.Y - o.Y)) - ((a.Y - o.Y) * (b.X - o.X));
}
